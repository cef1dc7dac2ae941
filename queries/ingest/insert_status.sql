-- ingest/insert_status: store the new and revised rows of `diffed` as revisions of batch $batch_id.
-- Parameters: $batch_id.
insert into status_fact by name
select $batch_id as batch_id, org_code, system_code, status, planned_fy, note
from diffed
where effect <> 'unchanged'
