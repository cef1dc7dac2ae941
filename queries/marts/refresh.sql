-- marts/refresh: rebuild every summary table from the staging views.
-- Run after every write (demo build, import, rollback), so that pages never rescan raw
-- facts. The baseline year FY2018 (平成30年度) and its basis 実績 are fixed by the
-- target's definition (domain.md section 7), so they are literals here.
-- Tables and grains:
--   mart_pair_year       one row per organization × operation × fiscal year with any figure
--                        (org_code, system_code, fiscal_year, basis, current_yen, baseline_yen, matched)
--   mart_pair_item_year  one row per matched organization × operation × fiscal year × cost item
--                        (..., item_key, baseline_yen, current_yen); sums close to mart_pair_year
--   mart_org_year        one row per organization × fiscal year with a matched pair
--   mart_org_item_year   one row per organization × fiscal year × cost item (matched pairs)
--   mart_driver_pair_year one row per matched organization × operation × fiscal year × driver
--   mart_org_driver_year one row per organization × fiscal year × driver (matched pairs)
--   mart_status          one row per organization × operation with a migration status

create or replace table mart_pair_year as
with pair_year_basis as (
    select org_code, system_code, fiscal_year, basis,
        sum(amount_yen)::bigint as amount_yen,
        case basis when 'actual' then 1 when 'budget' then 2 else 3 end as basis_rank
    from stg_cost_current
    group by all
),

best_basis as (
    select *
    from pair_year_basis
    qualify row_number() over (
        partition by org_code, system_code, fiscal_year order by basis_rank
    ) = 1
),

baseline as (
    select org_code, system_code, amount_yen as baseline_yen
    from pair_year_basis
    where fiscal_year = 2018 and basis = 'actual'
)

select
    b.org_code, b.system_code, b.fiscal_year, b.basis,
    b.amount_yen as current_yen,
    bl.baseline_yen,
    bl.baseline_yen is not null as matched
from best_basis as b
left join baseline as bl using (org_code, system_code)
order by b.org_code, b.system_code, b.fiscal_year;

create or replace table mart_pair_item_year as
with matched_pair_year as (
    select org_code, system_code, fiscal_year, basis
    from mart_pair_year
    where matched
),

current_item as (
    select c.org_code, c.system_code, c.fiscal_year, c.item_key,
        c.amount_yen as current_yen, 0::bigint as baseline_yen
    from stg_cost_current as c
    inner join matched_pair_year using (org_code, system_code, fiscal_year, basis)
),

baseline_item as (
    select m.org_code, m.system_code, m.fiscal_year, c.item_key,
        0::bigint as current_yen, c.amount_yen as baseline_yen
    from matched_pair_year as m
    inner join stg_cost_current as c
        on c.org_code = m.org_code and c.system_code = m.system_code
        and c.fiscal_year = 2018 and c.basis = 'actual'
)

select org_code, system_code, fiscal_year, item_key,
    sum(baseline_yen)::bigint as baseline_yen,
    sum(current_yen)::bigint as current_yen
from (select * from current_item union all select * from baseline_item)
group by all
order by org_code, system_code, fiscal_year, item_key;

create or replace table mart_driver_pair_year as
select d.org_code, d.system_code, d.fiscal_year, d.driver_code, d.amount_yen
from stg_driver_current as d
semi join mart_pair_year as p
    on p.matched and p.org_code = d.org_code and p.system_code = d.system_code
    and p.fiscal_year = d.fiscal_year
order by d.org_code, d.fiscal_year;

create or replace table mart_org_year as
with pairs_with_baseline as (
    select org_code, count(distinct system_code) as pairs_with_baseline
    from mart_pair_year
    where matched
    group by org_code
),

attributed as (
    select org_code, fiscal_year, sum(amount_yen)::bigint as attributed_yen
    from mart_driver_pair_year
    group by all
)

select
    p.org_code, p.fiscal_year,
    sum(p.baseline_yen)::bigint as baseline_yen,
    sum(p.current_yen)::bigint as current_yen,
    count(*) as pairs_matched,
    count(*) filter (where p.basis <> 'actual') as pairs_projected,
    any_value(w.pairs_with_baseline) as pairs_with_baseline,
    coalesce(any_value(a.attributed_yen), 0)::bigint as attributed_yen
from mart_pair_year as p
inner join pairs_with_baseline as w using (org_code)
left join attributed as a using (org_code, fiscal_year)
where p.matched
group by p.org_code, p.fiscal_year
order by p.org_code, p.fiscal_year;

create or replace table mart_org_item_year as
select org_code, fiscal_year, item_key,
    sum(baseline_yen)::bigint as baseline_yen,
    sum(current_yen)::bigint as current_yen
from mart_pair_item_year
group by all
order by org_code, fiscal_year, item_key;

create or replace table mart_org_driver_year as
select org_code, fiscal_year, driver_code, sum(amount_yen)::bigint as amount_yen
from mart_driver_pair_year
group by all
order by org_code, fiscal_year, driver_code;

create or replace table mart_status as
select org_code, system_code, status, planned_fy
from stg_status_current
order by org_code, system_code;
