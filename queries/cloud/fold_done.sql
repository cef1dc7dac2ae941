-- cloud/fold_done: drop the fold's temporary table.
-- Grain: none. Parameters: none. Columns: none.
drop table if exists fold_rows;
