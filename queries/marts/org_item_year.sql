-- marts/org_item_year: marts/pair_item_year summed over operations.
-- Grain: one row per organization × fiscal year × cost item (matched pairs).
-- Columns: org_code, fiscal_year, item_key, baseline_yen, current_yen
-- Parameters: none (the scope is in refresh_key).
create table if not exists mart_org_item_year (
    org_code varchar,
    fiscal_year smallint,
    item_key varchar,
    baseline_yen bigint,
    current_yen bigint
);

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
