-- estimate/insert_correction: save one mapping correction (a newer row supersedes older ones).
-- Parameters: $owner, $pattern, $description, $item_key, $system_code, $saved_at, $saved_by.
insert into estimate_correction (owner, pattern, description, item_key, system_code, saved_at, saved_by)
values ($owner, $pattern, $description, $item_key, $system_code, $saved_at, $saved_by)
