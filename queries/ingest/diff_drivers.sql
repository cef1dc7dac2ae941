-- ingest/diff_drivers: classify (into temp table `diffed`) the rows of an incoming driver file against the current attributions.
-- Grain: one row per incoming row (`incoming`). Parameters: none.
-- Columns: the incoming columns plus effect ('new' | 'revised' | 'unchanged').
create or replace temp table diffed as
select i.org_code, i.fiscal_year, i.system_code, i.driver_code, i.amount_yen, i.note,
    case
        when c.amount_yen is null then 'new'
        when c.amount_yen = i.amount_yen then 'unchanged'
        else 'revised'
    end as effect
from incoming as i
left join stg_driver_current as c
    using (org_code, fiscal_year, system_code, driver_code)
