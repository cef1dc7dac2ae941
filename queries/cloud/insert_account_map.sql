-- cloud/insert_account_map: a new account map (registered as `incoming`) replaces the one in
-- force; earlier maps stay as history under their map_id.
-- Grain: one row per incoming row. Parameters: $file_name, $imported_at. Columns: none.
insert into cloud_account_map
select (select coalesce(max(map_id), 0) + 1 from cloud_account_map), account_id, org_code,
    system_code, model, basis, tag_key, $file_name, $imported_at
from incoming
