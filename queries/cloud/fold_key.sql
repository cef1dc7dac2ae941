-- cloud/fold_key: insert the billing account × billing period pairs an import holds.
-- Grain: one row per pair. Parameters: $import_id. Columns: none.
insert into cloud_import_key
select $import_id, billing_account_id, billing_period, sum(row_count)
from fold_grouped
where line_set = 1
group by all
