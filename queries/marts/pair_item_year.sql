-- marts/pair_item_year: baseline and current per cost item of each matched pair, on the
-- pair's basis (the by-item chart). Sums close to marts/pair_year.
-- Grain: one row per matched organization × operation × fiscal year × cost item.
-- Columns: org_code, system_code, fiscal_year, item_key, baseline_yen, current_yen
-- Parameters: none (the scope is in refresh_key).
create table if not exists mart_pair_item_year (
    org_code varchar,
    system_code varchar,
    fiscal_year smallint,
    item_key varchar,
    baseline_yen bigint,
    current_yen bigint
);

delete from mart_pair_item_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;

insert into mart_pair_item_year
with matched_pair_year as (
    select org_code, system_code, fiscal_year, basis
    from mart_pair_year
    semi join refresh_key using (org_code, fiscal_year)
    where matched
),

current_item as (
    select c.org_code, c.system_code, c.fiscal_year, c.item_key, c.amount_yen
    from scoped_cost_current as c
    inner join matched_pair_year using (org_code, system_code, fiscal_year, basis)
),

baseline_item as (
    -- FY2018 actuals per item, whether or not FY2018 is in scope, repeated for each year
    select m.org_code, m.system_code, m.fiscal_year, c.item_key, c.amount_yen
    from matched_pair_year as m
    inner join scoped_baseline_cost as c using (org_code, system_code)
)

select org_code, system_code, fiscal_year, item_key,
    coalesce(b.amount_yen, 0)::bigint as baseline_yen,
    coalesce(c.amount_yen, 0)::bigint as current_yen
from current_item as c
full outer join baseline_item as b using (org_code, system_code, fiscal_year, item_key)
order by org_code, system_code, fiscal_year, item_key;
