-- ingest/insert_funding: store the new and revised rows of `diffed` as revisions of batch $batch_id.
-- Parameters: $batch_id.
insert into funding_fact by name
select $batch_id as batch_id, org_code, fiscal_year, source, system_code, amount_yen, cap_yen, note
from diffed
where effect <> 'unchanged'
