-- metrics/kpi: the headline figures of a scope in one fiscal year (docs/metrics.md).
-- Grain: one row.
-- Parameters: $fy (fiscal year), $pref_code, $org_code (the scope; null = not filtered).
-- Columns: orgs_in_scope, orgs_reporting, orgs_over_baseline, orgs_on_target,
--   orgs_zero_baseline, pairs_matched, pairs_with_baseline, pairs_projected,
--   baseline_yen, current_yen, target_yen, gap_to_target_yen, attributed_yen, unattributed_yen,
--   basis (actual | projected)
-- The rules (over baseline, on target, target, basis) are the marts' (marts/org_year.sql,
-- marts/rules.sql; docs/metrics.md): this query only counts and sums.
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
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
    where p.fiscal_year = (select baseline_fy from setting) and p.matched
),

totals as (
    select
        count(*) as orgs_reporting,
        count(*) filter (where over_baseline) as orgs_over_baseline,
        count(*) filter (where on_target) as orgs_on_target,
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
    target_yen(t.baseline_yen) as target_yen,
    t.current_yen - target_yen(t.baseline_yen) as gap_to_target_yen,
    t.attributed_yen,
    (t.current_yen - t.baseline_yen) - t.attributed_yen as unattributed_yen,
    basis_label(t.pairs_projected) as basis
from totals as t
cross join baseline_pairs as b
