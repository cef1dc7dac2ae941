-- cloud/fold_line: insert an import's monthly lines (from fold_grouped) into cloud_line.
-- Grain: cloud_line (see cloud/schema.sql). Parameters: $import_id. Columns: none.
insert into cloud_line
select $import_id, billing_account_id, billing_period, sub_account_id, month, billing_currency,
    invoice_id, service_category, service_name, charge_category, charge_class, commitment_status,
    tag_orgs, billed, effective, list, contracted, row_count
from fold_grouped
where line_set = 1
