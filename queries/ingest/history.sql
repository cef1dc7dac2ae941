-- ingest/history: every import batch, newest first.
-- Grain: one row per batch. Parameters: none.
-- Columns: batch_id, kind, file_name, file_sha256, imported_at, imported_by,
--   rows_new, rows_revised, rows_unchanged, rolled_back_at, rolled_back_by
select batch_id, kind, file_name, file_sha256, imported_at, imported_by,
    rows_new, rows_revised, rows_unchanged, rolled_back_at, rolled_back_by
from batch
order by batch_id desc
