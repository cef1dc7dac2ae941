-- marts/refresh: rebuild the summary tables (marts/create.sql) for the organization-years
-- in the temp table refresh_key (org_code, fiscal_year; its columns also apart in
-- refresh_org and refresh_fy), reading the staging views through the temp views
-- scoped_cost_current, scoped_baseline_cost (FY2018 actuals of the organizations in
-- scope), scoped_driver_current and scoped_status_current.
-- Run by store.writer() after every write (demo build, import, rollback), so that pages
-- never rescan raw facts. marts/scope_changed.sql fills the scope with what the write
-- touched (marts/scope_all.sql with everything on a full rebuild). Every mart row depends
-- only on its organization-year and the organization's FY2018 baseline, so rebuilding the
-- scope gives the same tables as a full rebuild (tests/test_store.py checks this) at a
-- fraction of the cost: a year of national figures rebuilds 1/13 of the marts.
-- The baseline year FY2018 (平成30年度) and its basis 実績 are fixed by the target's
-- definition (domain.md section 7), so they are literals here.
-- Parameters: none (the scope is in the temp tables above).
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

delete from mart_pair_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;
insert into mart_pair_year
with pair_year_basis as (
    select org_code, system_code, fiscal_year, basis,
        sum(amount_yen)::bigint as amount_yen,
        case basis when 'actual' then 1 when 'budget' then 2 else 3 end as basis_rank
    from scoped_cost_current
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
    -- FY2018 actuals whether or not FY2018 is in scope: they decide `matched` every year
    select org_code, system_code, sum(amount_yen)::bigint as baseline_yen
    from scoped_baseline_cost
    group by all
)

select
    b.org_code, b.system_code, b.fiscal_year, b.basis,
    b.amount_yen as current_yen,
    bl.baseline_yen,
    bl.baseline_yen is not null as matched
from best_basis as b
left join baseline as bl using (org_code, system_code)
order by b.org_code, b.system_code, b.fiscal_year;

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

delete from mart_driver_pair_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;
insert into mart_driver_pair_year
select d.org_code, d.system_code, d.fiscal_year, d.driver_code, d.amount_yen
from scoped_driver_current as d
semi join mart_pair_year as p
    on p.matched and p.org_code = d.org_code and p.system_code = d.system_code
    and p.fiscal_year = d.fiscal_year
order by d.org_code, d.fiscal_year;

delete from mart_org_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;
insert into mart_org_year
with scoped_pair_year as (
    select *
    from mart_pair_year
    semi join refresh_key using (org_code, fiscal_year)
    where matched
),

pairs_with_baseline as (
    -- over every year of the organization, not only the years in scope
    select org_code, count(distinct system_code) as pairs_with_baseline
    from mart_pair_year
    where matched and org_code in (select org_code from refresh_org)
    group by org_code
),

attributed as (
    select org_code, fiscal_year, sum(amount_yen)::bigint as attributed_yen
    from mart_driver_pair_year
    semi join refresh_key using (org_code, fiscal_year)
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
from scoped_pair_year as p
inner join pairs_with_baseline as w using (org_code)
left join attributed as a using (org_code, fiscal_year)
group by p.org_code, p.fiscal_year
order by p.org_code, p.fiscal_year;

delete from mart_org_item_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;
insert into mart_org_item_year
select org_code, fiscal_year, item_key,
    sum(baseline_yen)::bigint as baseline_yen,
    sum(current_yen)::bigint as current_yen
from mart_pair_item_year
semi join refresh_key using (org_code, fiscal_year)
group by all
order by org_code, fiscal_year, item_key;

delete from mart_org_driver_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;
insert into mart_org_driver_year
select org_code, fiscal_year, driver_code, sum(amount_yen)::bigint as amount_yen
from mart_driver_pair_year
semi join refresh_key using (org_code, fiscal_year)
group by all
order by org_code, fiscal_year, driver_code;

delete from mart_status where org_code in (select org_code from refresh_status_org);
insert into mart_status
select org_code, system_code, status, planned_fy
from scoped_status_current
order by org_code, system_code;
