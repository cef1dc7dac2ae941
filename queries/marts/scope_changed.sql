-- marts/scope_changed: what this write changed, for marts/refresh.sql to rebuild.
-- Facts are append-only revisions, so a write changes figures only through the batches it
-- added or whose rollback state it changed (compared with batch_before, taken when the
-- writer began). Every mart row belongs to one organization and fiscal year, and depends
-- only on the figures of that organization and year, plus its FY2018 baseline: a changed
-- FY2018 figure puts every year of its organization in scope.
-- Parameters: none.
-- Creates temp tables: changed_batch (batch_id); refresh_key (org_code, fiscal_year),
--   the organization-years to rebuild, and its columns apart in refresh_org and
--   refresh_fy; refresh_status_org (org_code), for mart_status;
--   temp views scoped_cost_current, scoped_baseline_cost, scoped_driver_current,
--   scoped_status_current (the staging views narrowed to the scope).
create or replace temp table changed_batch as
select b.batch_id
from batch as b
left join batch_before as o using (batch_id)
where o.batch_id is null or o.rolled_back_at is distinct from b.rolled_back_at;

create or replace temp table refresh_key as
with changed_cost as (
    select distinct org_code, fiscal_year
    from cost_fact
    semi join changed_batch using (batch_id)
),

baseline_org as (
    select distinct org_code
    from changed_cost
    where fiscal_year = (select baseline_fy from setting)
)

select org_code, fiscal_year from changed_cost
union
select org_code, fiscal_year from driver_fact semi join changed_batch using (batch_id)
union
select org_code, fiscal_year from cost_fact semi join baseline_org using (org_code)
union
select org_code, fiscal_year from driver_fact semi join baseline_org using (org_code);

create or replace temp table refresh_org as
select distinct org_code from refresh_key;

create or replace temp table refresh_fy as
select distinct fiscal_year from refresh_key;

create or replace temp table refresh_status_org as
select distinct org_code
from status_fact
semi join changed_batch using (batch_id);

-- The staging views narrowed to the scope. The one-column semi joins are pushed into the
-- views' window (partitioned by org_code and fiscal_year); the pair then narrows further.
create or replace temp view scoped_cost_current as
select *
from stg_cost_current
semi join refresh_org using (org_code)
semi join refresh_fy using (fiscal_year)
semi join refresh_key using (org_code, fiscal_year);

create or replace temp view scoped_baseline_cost as
select org_code, system_code, item_key, amount_yen
from stg_cost_current
semi join refresh_org using (org_code)
where fiscal_year = (select baseline_fy from setting) and basis = 'actual';

create or replace temp view scoped_driver_current as
select *
from stg_driver_current
semi join refresh_org using (org_code)
semi join refresh_fy using (fiscal_year)
semi join refresh_key using (org_code, fiscal_year);

create or replace temp view scoped_status_current as
select *
from stg_status_current
semi join refresh_status_org using (org_code);
