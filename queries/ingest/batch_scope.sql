-- ingest/batch_scope: what each import batch touches, for the rollback rule (a user may roll
-- back only a batch whose every row lies inside their scope).
-- Grain: one row per batch × scope its rows touch; a batch with no row of these tables
-- (e.g. cloud bills) has one row with a null scope, which only the national scope covers.
-- Parameters: $batch_id (null: every batch).
-- Columns: batch_id, touched_scope ('org:CODE' for organization rows, an event's own scope)
with touched as (
    select batch_id, 'org:' || org_code as touched_scope from cost_fact
    union
    select batch_id, 'org:' || org_code as touched_scope from driver_fact
    union
    select batch_id, 'org:' || org_code as touched_scope from status_fact
    union
    select batch_id, 'org:' || org_code as touched_scope from funding_fact
    union
    select batch_id, scope as touched_scope from event_fact
)

select b.batch_id, t.touched_scope
from batch as b
left join touched as t using (batch_id)
where $batch_id is null or b.batch_id = $batch_id
order by b.batch_id, t.touched_scope
