-- access/batch_kinds: whether the database holds anything but demo figures (open demo or not).
-- Grain: one row. Parameters: none (no figures are read: batch metadata only).
-- Columns: demo_batches, other_batches (imported batches, rolled back ones included,
--   because their figures stay in the history)
select
    count(*) filter (where kind = 'demo') as demo_batches,
    count(*) filter (where kind <> 'demo') as other_batches
from batch
