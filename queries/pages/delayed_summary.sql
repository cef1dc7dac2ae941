-- pages/delayed_summary: 特定移行支援システム (migration delayed past FY2025) in the scope:
-- how many organizations and systems, and how much of the year's cost still runs on them.
-- Grain: one row.
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: orgs_in_scope, orgs_with_status, orgs_delayed, pairs_with_status, pairs_delayed,
--   delayed_current_yen (cost in $fy of the delayed pairs, best basis),
--   delayed_baseline_yen (their FY2018 actual)
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

status as (
    select s.org_code, s.system_code, s.status
    from mart_status as s
    semi join scoped_org using (org_code)
),

delayed_cost as (
    select coalesce(sum(p.current_yen), 0)::bigint as delayed_current_yen,
        coalesce(sum(p.baseline_yen), 0)::bigint as delayed_baseline_yen
    from mart_pair_year as p
    semi join status as s
        on s.status = 'delayed' and s.org_code = p.org_code and s.system_code = p.system_code
    where p.fiscal_year = $fy
)

select
    (select count(*) from scoped_org) as orgs_in_scope,
    count(distinct s.org_code) as orgs_with_status,
    count(distinct s.org_code) filter (where s.status = 'delayed') as orgs_delayed,
    count(*) as pairs_with_status,
    count(*) filter (where s.status = 'delayed') as pairs_delayed,
    any_value(c.delayed_current_yen) as delayed_current_yen,
    any_value(c.delayed_baseline_yen) as delayed_baseline_yen
from status as s
cross join delayed_cost as c
