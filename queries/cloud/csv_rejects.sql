-- cloud/csv_rejects: the CSV lines DuckDB's reader could not read while importing a FOCUS
-- file (read_csv with store_rejects: wrong column count, unclosed quote, a cost that is not
-- a number), first lines first.
-- Grain: one row per rejected line and column, at most $limit. Parameters: $limit.
-- Columns: line (header = line 1), column_name, error_type.
select line, column_name, error_type
from reject_errors
order by line, column_idx
limit $limit
