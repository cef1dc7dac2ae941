-- marts/scope_all: every organization-year with figures, for a full rebuild of the marts
-- (a new database or the demo build). Same temp tables as marts/scope_changed.sql.
-- Parameters: none.
-- Creates temp tables: refresh_key (org_code, fiscal_year), refresh_org, refresh_fy,
--   refresh_status_org (org_code);
--   temp views scoped_cost_current, scoped_baseline_cost, scoped_driver_current,
--   scoped_status_current (the staging views narrowed to the scope).
create or replace temp table refresh_key as
select org_code, fiscal_year from cost_fact
union
select org_code, fiscal_year from driver_fact;

create or replace temp table refresh_org as
select distinct org_code from refresh_key;

create or replace temp table refresh_fy as
select distinct fiscal_year from refresh_key;

create or replace temp table refresh_status_org as
select distinct org_code
from status_fact;

-- Everything is in scope: the staging views unfiltered (filtering by a scope that holds
-- every key would only cost time).
create or replace temp view scoped_cost_current as
select * from stg_cost_current;

create or replace temp view scoped_baseline_cost as
select org_code, system_code, item_key, amount_yen
from stg_cost_current
where fiscal_year = (select baseline_fy from setting) and basis = 'actual';

create or replace temp view scoped_driver_current as
select * from stg_driver_current;

create or replace temp view scoped_status_current as
select * from stg_status_current;
