-- staging/status_current: the current migration status of every organization × operation.
-- Grain: one row per organization × operation.
-- Parameters: none (a view, created by store.create_views). Columns: org_code, system_code, status, planned_fy, batch_id.
create or replace view stg_status_current as
with live_batch as (
    select batch_id from batch where rolled_back_at is null
),

ranked as (
    select f.*,
        row_number() over (
            partition by f.org_code, f.system_code
            order by f.batch_id desc
        ) as revision_rank
    from status_fact as f
    semi join live_batch using (batch_id)
)

select org_code, system_code, status, planned_fy, batch_id
from ranked
where revision_rank = 1
;
