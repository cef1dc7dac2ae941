-- metrics/years: the fiscal years that have matched figures in the scope, and their basis.
-- Grain: one row per fiscal year.
-- Parameters: $pref_code, $org_code.
-- Columns: fiscal_year, pairs_matched, pairs_projected
with scoped_org as (
    select org_code
    from organization
    where ($pref_code is null or pref_code = $pref_code)
        and ($org_code is null or org_code = $org_code)
)

select m.fiscal_year,
    sum(m.pairs_matched)::bigint as pairs_matched,
    sum(m.pairs_projected)::bigint as pairs_projected
from mart_org_year as m
semi join scoped_org using (org_code)
group by m.fiscal_year
order by m.fiscal_year
