-- staging/driver_current: the current revision of every driver attribution.
-- Grain: one row per organization × fiscal year × operation × driver.
-- Parameters: none (a view, created by store.create_views). Columns: org_code, fiscal_year, system_code, driver_code, amount_yen, batch_id.
create or replace view stg_driver_current as
with live_batch as (
    select batch_id from batch where rolled_back_at is null
),

ranked as (
    select f.*,
        row_number() over (
            partition by f.org_code, f.fiscal_year, f.system_code, f.driver_code
            order by f.batch_id desc
        ) as revision_rank
    from driver_fact as f
    semi join live_batch using (batch_id)
)

select org_code, fiscal_year, system_code, driver_code, amount_yen, batch_id
from ranked
where revision_rank = 1
;
