-- pages/driver_system: attributed amounts by driver and operation (heatmap), matched pairs only.
-- Grain: one row per driver × operation with an attribution in the scope and year.
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: driver_code, sort_order, group_key, group_ja, group_en, is_countermeasure,
--   name_ja, name_en, system_code, system_ja, system_en, amount_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

attributed as (
    select d.driver_code, d.system_code, sum(d.amount_yen)::bigint as amount_yen
    from mart_driver_pair_year as d
    semi join scoped_org using (org_code)
    where d.fiscal_year = $fy
    group by d.driver_code, d.system_code
)

select a.driver_code, dr.sort_order, dr.group_key, dr.group_ja, dr.group_en, dr.is_countermeasure,
    dr.name_ja, dr.name_en, a.system_code, sy.name_ja as system_ja, sy.name_en as system_en,
    a.amount_yen
from attributed as a
inner join driver as dr using (driver_code)
inner join system as sy using (system_code)
order by dr.sort_order, a.system_code
