-- ingest/diff_drivers: classify (into temp table `diffed`) the rows of an incoming driver file against the current attributions.
-- Grain: one row per incoming row (`incoming`). Parameters: none.
-- Columns: the incoming columns plus effect ('new' | 'revised' | 'unchanged').
-- Current values only for the organization × year pairs the file touches (newest live batch).
create or replace temp table diffed as
with live_batch as (
    select batch_id from batch where rolled_back_at is null
),

touched as (
    select distinct org_code, fiscal_year from incoming
),

current_driver as (
    select f.org_code, f.fiscal_year, f.system_code, f.driver_code,
        arg_max(f.amount_yen, f.batch_id) as amount_yen
    from driver_fact as f
    semi join live_batch using (batch_id)
    semi join touched using (org_code, fiscal_year)
    group by f.org_code, f.fiscal_year, f.system_code, f.driver_code
)

select i.org_code, i.fiscal_year, i.system_code, i.driver_code, i.amount_yen, i.note,
    case
        when c.amount_yen is null then 'new'
        when c.amount_yen = i.amount_yen then 'unchanged'
        else 'revised'
    end as effect
from incoming as i
left join current_driver as c
    using (org_code, fiscal_year, system_code, driver_code)
