-- metrics/by_driver: attributed amounts of every driver and countermeasure over matched pairs.
-- Grain: one row per driver code (all 29, zero where none is attributed).
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: driver_code, sort_order, group_key, group_ja, group_en, is_countermeasure, name_ja, name_en, amount_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

attributed as (
    select d.driver_code, sum(d.amount_yen)::bigint as amount_yen
    from mart_org_driver_year as d
    semi join scoped_org using (org_code)
    where d.fiscal_year = $fy
    group by d.driver_code
)

select dr.driver_code, dr.sort_order, dr.group_key, dr.group_ja, dr.group_en,
    dr.is_countermeasure, dr.name_ja, dr.name_en,
    coalesce(a.amount_yen, 0)::bigint as amount_yen
from driver as dr
left join attributed as a using (driver_code)
order by dr.sort_order
