-- ingest/rollback: mark batch $batch_id as rolled back. Its revisions stay in the table
-- (nothing is lost) but no longer count, so the figures it revised return to their
-- earlier revisions. Parameters: $batch_id, $rolled_back_at, $rolled_back_by.
update batch
set rolled_back_at = $rolled_back_at, rolled_back_by = $rolled_back_by
where batch_id = $batch_id and rolled_back_at is null
returning batch_id
