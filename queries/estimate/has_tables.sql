-- estimate/has_tables: whether this database already holds the estimate tables (tables.sql).
-- Grain: one row. Parameters: none. Columns: present (number of the 3 tables found).
select count(*) as present
from duckdb_tables()
where database_name = current_database()
    and table_name in ('estimate_correction', 'estimate_review', 'estimate_line')
