-- cloud/insert_import: record one FOCUS import. Grain: one row written.
-- Parameters: $import_id, $file_name, $file_sha256, $focus_version, $row_count, $imported_at,
-- $imported_by. Columns: none.
insert into cloud_import (import_id, file_name, file_sha256, focus_version, row_count, imported_at, imported_by)
values ($import_id, $file_name, $file_sha256, $focus_version, $row_count, $imported_at, $imported_by)
