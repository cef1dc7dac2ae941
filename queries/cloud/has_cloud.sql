-- cloud/has_cloud: whether this database holds the cloud marts (a database that never had a
-- cloud import does not). Grain: one row. Parameters: none. Columns: present (boolean).
select count(*) > 0 as present
from duckdb_tables()
where table_name = 'cloud_alloc' and database_name = current_database()
