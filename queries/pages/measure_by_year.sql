-- pages/measure_by_year: countermeasure savings (normally negative amounts) by fiscal year.
-- Grain: one row per fiscal year × countermeasure with an attribution in the scope.
-- Parameters: $pref_code, $org_code.
-- Columns: fiscal_year, driver_code, sort_order, group_key, group_ja, group_en, name_ja,
--   name_en, amount_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

by_year as (
    select d.fiscal_year, d.driver_code, sum(d.amount_yen)::bigint as amount_yen
    from mart_org_driver_year as d
    semi join scoped_org using (org_code)
    group by d.fiscal_year, d.driver_code
)

select b.fiscal_year, b.driver_code, dr.sort_order, dr.group_key, dr.group_ja, dr.group_en,
    dr.name_ja, dr.name_en, b.amount_yen
from by_year as b
inner join driver as dr using (driver_code)
where dr.is_countermeasure
order by b.fiscal_year, dr.sort_order
