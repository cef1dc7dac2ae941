-- cloud/row_count: the rows of a FOCUS file (view focus_src).
-- Grain: one row. Parameters: none. Columns: row_count.
select count(*) as row_count from focus_src
