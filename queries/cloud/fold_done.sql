-- cloud/fold_done: drop the fold's temporary tables.
-- Grain: none. Parameters: none. Columns: none.
drop table if exists fold_tag;
drop table if exists fold_rows;
