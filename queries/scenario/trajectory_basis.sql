-- scenario/trajectory_basis: the stored cost of the scope by fiscal year and basis (実績・予算・
-- 見積), over matched pairs, so that actual, budget, estimate and scenarios share one chart.
-- Grain: one row per fiscal year × basis present.
-- Parameters: $pref_code, $org_code (the scope).
-- Columns: fiscal_year, basis, current_yen, baseline_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
)

select p.fiscal_year, p.basis, sum(p.current_yen)::bigint as current_yen,
    sum(p.baseline_yen)::bigint as baseline_yen
from mart_pair_year as p
semi join scoped_org using (org_code)
where p.matched
group by p.fiscal_year, p.basis
order by p.fiscal_year, p.basis
