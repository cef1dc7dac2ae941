-- cloud/fold_rows: the number of raw rows an import folded (temp table fold_rows).
-- Grain: one row. Parameters: none. Columns: row_count.
select coalesce(sum(row_count), 0) as row_count from fold_rows
