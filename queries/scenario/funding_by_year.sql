-- scenario/funding_by_year: funding of the scope's organizations by fiscal year and source
-- (the net-burden view; never mixed into the policy KPI).
-- Grain: one row per fiscal year × source with funding.
-- Parameters: $pref_code, $org_code (the scope).
-- Columns: fiscal_year, source, amount_yen, orgs
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
)

select f.fiscal_year, f.source, sum(f.amount_yen)::bigint as amount_yen,
    count(distinct f.org_code) as orgs
from stg_funding_current as f
semi join scoped_org using (org_code)
group by f.fiscal_year, f.source
order by f.fiscal_year, f.source
