-- ingest/insert_batch: record one import.
-- Parameters: $batch_id, $kind, $file_name, $file_sha256, $imported_at, $imported_by,
--   $rows_new, $rows_revised, $rows_unchanged.
insert into batch (batch_id, kind, file_name, file_sha256, imported_at, imported_by,
    rows_new, rows_revised, rows_unchanged)
values ($batch_id, $kind, $file_name, $file_sha256, $imported_at, $imported_by,
    $rows_new, $rows_revised, $rows_unchanged)
