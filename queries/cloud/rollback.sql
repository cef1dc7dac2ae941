-- cloud/rollback: mark FOCUS import $import_id rolled back; its record stays (history).
-- Grain: the one row changed. Parameters: $import_id, $rolled_back_at, $rolled_back_by.
-- Columns: import_id, file_name.
update cloud_import
set rolled_back_at = $rolled_back_at, rolled_back_by = $rolled_back_by
where import_id = $import_id and rolled_back_at is null
returning import_id, file_name
