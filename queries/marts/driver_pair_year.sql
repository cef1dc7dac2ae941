-- marts/driver_pair_year: driver attributions of matched pairs only (docs/metrics.md,
-- "Drivers": unattributed is computed over the same matched pairs).
-- Grain: one row per matched organization × operation × fiscal year × driver.
-- Columns: org_code, system_code, fiscal_year, driver_code, amount_yen
-- Parameters: none (the scope is in refresh_key).
create table if not exists mart_driver_pair_year (
    org_code varchar,
    system_code varchar,
    fiscal_year smallint,
    driver_code varchar,
    amount_yen bigint
);

delete from mart_driver_pair_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;

insert into mart_driver_pair_year
select d.org_code, d.system_code, d.fiscal_year, d.driver_code, d.amount_yen
from scoped_driver_current as d
semi join mart_pair_year as p
    on p.matched and p.org_code = d.org_code and p.system_code = d.system_code
    and p.fiscal_year = d.fiscal_year
order by d.org_code, d.fiscal_year;
