-- metrics/kpi: the headline figures of a scope in one fiscal year (domain.md section 7).
-- Grain: one row.
-- Parameters: $fy (fiscal year), $pref_code, $org_code (the scope; null = not filtered).
-- Columns: orgs_in_scope, orgs_reporting, orgs_over_baseline, orgs_on_target,
--   orgs_zero_baseline, pairs_matched, pairs_with_baseline, pairs_projected,
--   baseline_yen, current_yen, target_yen, gap_to_target_yen, attributed_yen, unattributed_yen
with scoped_org as (
    select org_code
    from organization
    where ($pref_code is null or pref_code = $pref_code)
        and ($org_code is null or org_code = $org_code)
),

org_year as (
    select m.*
    from mart_org_year as m
    semi join scoped_org using (org_code)
    where m.fiscal_year = $fy
),

baseline_pairs as (
    -- pairs that have a FY2018 actual, whatever the year: the coverage denominator
    select count(*) as pairs_with_baseline
    from mart_pair_year as p
    semi join scoped_org using (org_code)
    where p.fiscal_year = 2018 and p.matched
),

totals as (
    select
        count(*) as orgs_reporting,
        count(*) filter (where baseline_yen > 0 and current_yen > baseline_yen) as orgs_over_baseline,
        count(*) filter (where baseline_yen > 0 and 10 * current_yen <= 7 * baseline_yen) as orgs_on_target,
        count(*) filter (where baseline_yen = 0) as orgs_zero_baseline,
        coalesce(sum(pairs_matched), 0)::bigint as pairs_matched,
        coalesce(sum(pairs_projected), 0)::bigint as pairs_projected,
        coalesce(sum(baseline_yen), 0)::bigint as baseline_yen,
        coalesce(sum(current_yen), 0)::bigint as current_yen,
        coalesce(sum(attributed_yen), 0)::bigint as attributed_yen
    from org_year
)

select
    (select count(*) from scoped_org) as orgs_in_scope,
    t.orgs_reporting, t.orgs_over_baseline, t.orgs_on_target, t.orgs_zero_baseline,
    t.pairs_matched, b.pairs_with_baseline, t.pairs_projected,
    t.baseline_yen, t.current_yen,
    (7 * t.baseline_yen) // 10 as target_yen,
    t.current_yen - (7 * t.baseline_yen) // 10 as gap_to_target_yen,
    t.attributed_yen,
    (t.current_yen - t.baseline_yen) - t.attributed_yen as unattributed_yen
from totals as t
cross join baseline_pairs as b
