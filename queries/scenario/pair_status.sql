-- scenario/pair_status: 特定移行支援 pairs (migration delayed past FY2025) and their planned year.
-- Grain: one row per delayed organization × operation in the scope.
-- Parameters: $pref_code, $org_code (the scope).
-- Columns: org_code, system_code, planned_fy
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
)

select s.org_code, s.system_code, s.planned_fy
from mart_status as s
semi join scoped_org using (org_code)
where s.status = 'delayed' and s.planned_fy is not null
