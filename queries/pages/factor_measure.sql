-- pages/factor_measure: the factor–countermeasure matrix (docs/metrics.md, "Drivers and countermeasures") with the
-- attributed amounts of both sides in the scope and year. Factors with no countermeasure
-- (external factors: 財政措置) appear once with a null measure.
-- Grain: one row per factor × countermeasure pair of countermeasure_map (+ unmapped factors).
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: factor_code, factor_sort, factor_group_ja, factor_group_en, factor_ja, factor_en,
--   factor_yen, measure_code, measure_sort, measure_ja, measure_en, measure_yen
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
),

factor as (
    select dr.*, coalesce(a.amount_yen, 0)::bigint as amount_yen
    from driver as dr
    left join attributed as a using (driver_code)
)

select f.driver_code as factor_code, f.sort_order as factor_sort,
    f.group_ja as factor_group_ja, f.group_en as factor_group_en,
    f.name_ja as factor_ja, f.name_en as factor_en, f.amount_yen as factor_yen,
    m.driver_code as measure_code, m.sort_order as measure_sort,
    m.name_ja as measure_ja, m.name_en as measure_en, m.amount_yen as measure_yen
from factor as f
left join countermeasure_map as cm on cm.factor_code = f.driver_code
left join factor as m on m.driver_code = cm.measure_code
where not f.is_countermeasure
order by f.sort_order, m.sort_order
