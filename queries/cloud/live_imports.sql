-- cloud/live_imports: the FOCUS imports whose Parquet directories must stay.
-- Grain: one row per import not rolled back. Parameters: none. Columns: import_id.
select import_id from cloud_import where rolled_back_at is null
