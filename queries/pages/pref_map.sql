-- pages/pref_map: baseline, current and organization counts per prefecture (the map of Japan).
-- Each prefecture's figures cover the prefecture itself and its municipalities.
-- Grain: one row per prefecture in the scope (all 47 at national scope; zero where no data).
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: pref_code, pref_name, orgs_in_scope, orgs_reporting, orgs_over_baseline,
--   orgs_on_target, baseline_yen, current_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code, pref_code
    from scope_org($pref_code, $org_code)
),

org_year as (
    select s.pref_code, m.baseline_yen, m.current_yen, m.over_baseline, m.on_target
    from mart_org_year as m
    inner join scoped_org as s using (org_code)
    where m.fiscal_year = $fy
),

by_pref as (
    select pref_code,
        count(*) as orgs_reporting,
        count(*) filter (where over_baseline) as orgs_over_baseline,
        count(*) filter (where on_target) as orgs_on_target,
        sum(baseline_yen)::bigint as baseline_yen,
        sum(current_yen)::bigint as current_yen
    from org_year
    group by pref_code
),

prefecture as (
    select pref_code, any_value(pref_name) as pref_name
    from organization
    semi join scoped_org using (pref_code)
    group by pref_code
)

select p.pref_code, p.pref_name,
    (select count(*) from scoped_org as s where s.pref_code = p.pref_code) as orgs_in_scope,
    coalesce(b.orgs_reporting, 0) as orgs_reporting,
    coalesce(b.orgs_over_baseline, 0) as orgs_over_baseline,
    coalesce(b.orgs_on_target, 0) as orgs_on_target,
    coalesce(b.baseline_yen, 0)::bigint as baseline_yen,
    coalesce(b.current_yen, 0)::bigint as current_yen
from prefecture as p
left join by_pref as b using (pref_code)
order by p.pref_code
