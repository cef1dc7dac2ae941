-- ingest/insert_drivers: store the new and revised rows of `diffed` as revisions of batch $batch_id.
-- Parameters: $batch_id.
insert into driver_fact by name
select $batch_id as batch_id, org_code, fiscal_year, system_code, driver_code, amount_yen, note
from diffed
where effect <> 'unchanged'
