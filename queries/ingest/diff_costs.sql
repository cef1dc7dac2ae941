-- ingest/diff_costs: classify (into temp table `diffed`) the rows of an incoming cost file against the current figures.
-- Grain: one row per incoming row (the DataFrame registered as `incoming`).
-- Parameters: none. Columns: the incoming columns plus effect ('new' | 'revised' | 'unchanged').
-- The current value is computed here only for the organization × year pairs the file
-- touches (same rule as staging/cost_current: newest live batch), so a national file
-- does not rank every revision in the store.
create or replace temp table diffed as
with live_batch as (
    select batch_id from batch where rolled_back_at is null
),

touched as (
    select distinct org_code, fiscal_year from incoming
),

current_cost as (
    select f.org_code, f.fiscal_year, f.system_code, f.item_key, f.basis,
        arg_max(f.amount_yen, f.batch_id) as amount_yen
    from cost_fact as f
    semi join live_batch using (batch_id)
    semi join touched using (org_code, fiscal_year)
    group by f.org_code, f.fiscal_year, f.system_code, f.item_key, f.basis
)

select i.org_code, i.fiscal_year, i.system_code, i.item_key, i.basis, i.amount_yen, i.note,
    case
        when c.amount_yen is null then 'new'
        when c.amount_yen = i.amount_yen then 'unchanged'
        else 'revised'
    end as effect
from incoming as i
left join current_cost as c
    using (org_code, fiscal_year, system_code, item_key, basis)
