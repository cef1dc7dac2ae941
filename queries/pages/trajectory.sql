-- pages/trajectory: baseline and current of the scope for every fiscal year (trajectory chart).
-- Grain: one row per fiscal year with a matched pair in the scope.
-- Parameters: $pref_code, $org_code (the scope; null = not filtered).
-- Columns: fiscal_year, baseline_yen, current_yen, target_yen, pairs_matched, pairs_projected,
--   basis ('actual', or 'projected' when any pair rests on a budget or estimate)
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

by_year as (
    select m.fiscal_year,
        sum(m.baseline_yen)::bigint as baseline_yen,
        sum(m.current_yen)::bigint as current_yen,
        sum(m.pairs_matched)::bigint as pairs_matched,
        sum(m.pairs_projected)::bigint as pairs_projected
    from mart_org_year as m
    semi join scoped_org using (org_code)
    group by m.fiscal_year
)

select fiscal_year, baseline_yen, current_yen,
    target_yen(baseline_yen) as target_yen,
    pairs_matched, pairs_projected,
    basis_label(pairs_projected) as basis
from by_year
order by fiscal_year
