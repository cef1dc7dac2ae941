-- marts/batch_before: remember the batches as they were when a writer began, so that
-- marts/scope_changed.sql can tell which batches the write added or rolled back.
-- Grain: one row per batch. Parameters: none. Columns: batch_id, rolled_back_at.
create or replace temp table batch_before as
select batch_id, rolled_back_at
from batch
