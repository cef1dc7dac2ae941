-- marts/org_driver_year: marts/driver_pair_year summed over operations.
-- Grain: one row per organization × fiscal year × driver (matched pairs).
-- Columns: org_code, fiscal_year, driver_code, amount_yen
-- Parameters: none (the scope is in refresh_key).
create table if not exists mart_org_driver_year (
    org_code varchar,
    fiscal_year smallint,
    driver_code varchar,
    amount_yen bigint
);

delete from mart_org_driver_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;

insert into mart_org_driver_year
select org_code, fiscal_year, driver_code, sum(amount_yen)::bigint as amount_yen
from mart_driver_pair_year
semi join refresh_key using (org_code, fiscal_year)
group by all
order by org_code, fiscal_year, driver_code;
