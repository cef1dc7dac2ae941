-- pages/status_by_system: migration status of each operation in the scope.
-- Grain: one row per operation × status present in the scope (for one organization: one row
-- per operation with a status).
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: system_code, name_ja, name_en, status, pairs, planned_fy_max,
--   current_yen (cost in $fy of those pairs, best basis)
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

status as (
    select s.org_code, s.system_code, s.status, s.planned_fy, p.current_yen
    from mart_status as s
    semi join scoped_org using (org_code)
    left join mart_pair_year as p
        on p.org_code = s.org_code and p.system_code = s.system_code and p.fiscal_year = $fy
)

select st.system_code, sy.name_ja, sy.name_en, st.status,
    count(*) as pairs,
    max(st.planned_fy) as planned_fy_max,
    coalesce(sum(st.current_yen), 0)::bigint as current_yen
from status as st
inner join system as sy using (system_code)
group by st.system_code, sy.name_ja, sy.name_en, st.status
order by st.system_code, st.status
