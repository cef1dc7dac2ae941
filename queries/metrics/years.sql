-- metrics/years: the fiscal years that have matched figures in the scope, and their basis.
-- Grain: one row per fiscal year.
-- Parameters: $pref_code, $org_code.
-- Columns: fiscal_year, pairs_matched, pairs_projected
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
)

select m.fiscal_year,
    sum(m.pairs_matched)::bigint as pairs_matched,
    sum(m.pairs_projected)::bigint as pairs_projected
from mart_org_year as m
semi join scoped_org using (org_code)
group by m.fiscal_year
order by m.fiscal_year
