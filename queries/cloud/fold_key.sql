-- cloud/fold_key: insert the billing account × billing period pairs an import holds (from
-- the temp table fold_rows).
-- Grain: one row per pair. Parameters: $import_id. Columns: none.
insert into cloud_import_key
select $import_id, billing_account_id, billing_period, sum(row_count)
from fold_rows
group by billing_account_id, billing_period
