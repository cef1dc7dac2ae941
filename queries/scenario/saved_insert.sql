-- scenario/saved_insert: store one saved scenario version (never updated afterwards).
-- Parameters: $scenario_id, $series_id, $version, $scenario_name, $scenario_scope, $levers_json, $author,
--   $created_at, $note.
insert into scenario_saved (scenario_id, series_id, version, name, scope, levers_json,
    author, created_at, note)
values ($scenario_id, $series_id, $version, $scenario_name, $scenario_scope, $levers_json, $author,
    $created_at, $note)
