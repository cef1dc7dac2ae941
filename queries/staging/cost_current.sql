-- staging/cost_current: the current revision of every cost figure.
-- Grain: one row per organization × fiscal year × operation × cost item × basis.
-- Parameters: none (a view, created by store.create_views). Columns: org_code, fiscal_year, system_code, item_key, basis, amount_yen, batch_id.
-- The current revision is the newest batch that is not rolled back.
create or replace view stg_cost_current as
with live_batch as (
    select batch_id from batch where rolled_back_at is null
),

ranked as (
    select f.*,
        row_number() over (
            partition by f.org_code, f.fiscal_year, f.system_code, f.item_key, f.basis
            order by f.batch_id desc
        ) as revision_rank
    from cost_fact as f
    semi join live_batch using (batch_id)
)

select org_code, fiscal_year, system_code, item_key, basis, amount_yen, batch_id
from ranked
where revision_rank = 1
;
