-- timeline/events: the events shown as markers on a view's trajectory and scenario charts:
-- national events everywhere; a prefecture's events on its own view and its organizations';
-- an organization's events on its own view and its prefecture's.
-- Grain: one row per current event.
-- Parameters: $pref_code, $org_code (the view's scope; both null = national view).
-- Columns: scope, event_date, fiscal_year, kind, title_ja, title_en, note
with view_scope as (
    select coalesce($pref_code, substr($org_code, 1, 2)) as pref_code, $org_code as org_code
)

select e.scope, e.event_date, e.fiscal_year, e.kind, e.title_ja, e.title_en, e.note
from stg_event_current as e
cross join view_scope as v
where e.scope = 'national'
    or e.scope = 'pref:' || v.pref_code
    or (e.scope like 'org:%' and v.org_code is null and substr(e.scope, 5, 2) = v.pref_code)
    or e.scope = 'org:' || v.org_code
order by e.fiscal_year, e.event_date nulls first, e.title_ja
