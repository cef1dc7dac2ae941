-- scenario/saved_list: saved scenarios visible in a scope, newest version of each first.
-- A prefecture's scenarios (scope pref:NN and its organizations) are visible to that
-- prefecture and to national users; an organization sees its own.
-- Grain: one row per saved version.
-- Parameters: $pref_code, $org_code (the viewer's scope; null = national).
-- Columns: scenario_id, series_id, version, name, scope, levers_json, author, created_at,
--   note, is_latest
with visible as (
    select s.*
    from scenario_saved as s
    where ($pref_code is null and $org_code is null)
        or ($org_code is null and (s.scope = 'pref:' || $pref_code
            or (s.scope like 'org:%' and substr(s.scope, 5, 2) = $pref_code)))
        or s.scope = 'org:' || $org_code
)

select scenario_id, series_id, version, name, scope, levers_json, author, created_at, note,
    version = max(version) over (partition by series_id) as is_latest
from visible
order by series_id desc, version desc
