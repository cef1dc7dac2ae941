-- scenario/orgs: the organizations of the scope with what joint_use selectors match on.
-- Grain: one row per organization in the scope.
-- Parameters: $pref_code, $org_code (the scope).
-- Columns: org_code, pref_code, kind, population
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
)

select o.org_code, o.pref_code, o.kind, o.population
from organization as o
semi join scoped_org using (org_code)
order by o.org_code
