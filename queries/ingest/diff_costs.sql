-- ingest/diff_costs: classify (into temp table `diffed`) the rows of an incoming cost file against the current figures.
-- Grain: one row per incoming row (the DataFrame registered as `incoming`).
-- Parameters: none. Columns: the incoming columns plus effect ('new' | 'revised' | 'unchanged').
create or replace temp table diffed as
select i.org_code, i.fiscal_year, i.system_code, i.item_key, i.basis, i.amount_yen, i.note,
    case
        when c.amount_yen is null then 'new'
        when c.amount_yen = i.amount_yen then 'unchanged'
        else 'revised'
    end as effect
from incoming as i
left join stg_cost_current as c
    using (org_code, fiscal_year, system_code, item_key, basis)
