-- cloud/next_import: the id the next FOCUS import gets (also counts rolled-back ones, whose
-- ids are never reused). Grain: one row. Parameters: none. Columns: import_id.
select coalesce(max(import_id), 0) + 1 as import_id from cloud_import
