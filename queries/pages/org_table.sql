-- pages/org_table: one line per organization of the scope (distribution, municipalities
-- table, per-capita bubble chart). Organizations with no matched pair have null figures.
-- Grain: one row per organization in the scope.
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: org_code, name, pref_code, pref_name, kind, peer_group, population,
--   population_synthetic, baseline_yen, current_yen, ratio, over_baseline, on_target,
--   pairs_matched, basis, largest_driver_code, largest_driver_ja, largest_driver_en,
--   largest_driver_yen, delayed_systems
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select *
    from scope_org($pref_code, $org_code)
),

org_year as (
    select m.*
    from mart_org_year as m
    semi join scoped_org using (org_code)
    where m.fiscal_year = $fy
),

largest_driver as (
    -- the factor (not countermeasure) with the largest increase, per organization; a tie
    -- goes to the lower driver code. One aggregate (the smallest (-amount, code) pair), not a
    -- window sorting every organization's drivers: a third of the time at 1x.
    select d.org_code,
        arg_min(d.driver_code, (-d.amount_yen, d.driver_code)) as driver_code,
        max(d.amount_yen) as amount_yen
    from mart_org_driver_year as d
    semi join scoped_org using (org_code)
    inner join driver as dr using (driver_code)
    where d.fiscal_year = $fy and not dr.is_countermeasure and d.amount_yen > 0
    group by d.org_code
),

delayed as (
    select org_code, count(*) as delayed_systems
    from mart_status
    semi join scoped_org using (org_code)
    where status = 'delayed'
    group by org_code
)

select o.org_code, o.name, o.pref_code, o.pref_name, o.kind, o.peer_group, o.population,
    o.population_synthetic, y.baseline_yen, y.current_yen,
    y.ratio, y.over_baseline, y.on_target, y.pairs_matched, y.basis,
    l.driver_code as largest_driver_code, dr.name_ja as largest_driver_ja,
    dr.name_en as largest_driver_en, l.amount_yen as largest_driver_yen,
    coalesce(d.delayed_systems, 0) as delayed_systems
from scoped_org as o
left join org_year as y using (org_code)
left join largest_driver as l using (org_code)
left join driver as dr on dr.driver_code = l.driver_code
left join delayed as d using (org_code)
order by o.org_code
