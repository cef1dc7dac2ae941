-- scenario/saved_next: the next scenario id, and the series and version a new version of
-- $parent_id takes (a new series when $parent_id is null).
-- Grain: one row. Parameters: $parent_id.
-- Columns: scenario_id, series_id, version, parent_scope
with next_id as (
    select coalesce(max(scenario_id), 0) + 1 as scenario_id from scenario_saved
),

parent as (
    select series_id, scope from scenario_saved where scenario_id = $parent_id
),

series_version as (
    select coalesce(max(version), 0) + 1 as version
    from scenario_saved
    where series_id = (select series_id from parent)
)

select n.scenario_id,
    coalesce((select series_id from parent), n.scenario_id) as series_id,
    case when $parent_id is null then 1 else (select version from series_version) end as version,
    (select scope from parent) as parent_scope,
    $parent_id is null or exists (select 1 from parent) as parent_ok
from next_id as n
