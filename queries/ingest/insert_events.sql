-- ingest/insert_events: store the new and revised rows of `diffed` as revisions of batch $batch_id.
-- Parameters: $batch_id.
insert into event_fact by name
select $batch_id as batch_id, scope, event_date, fiscal_year, kind, title_ja, title_en, note
from diffed
where effect <> 'unchanged'
