-- cloud/fold_line: insert an import's monthly lines (from the temp table fold_rows) into cloud_line.
-- Grain: cloud_line (see cloud/schema.sql). Parameters: $import_id. Columns: none.
insert into cloud_line
select $import_id, r.billing_account_id, r.billing_period, nullif(r.sub_account_id, ''),
    strftime(r.month_start, '%Y-%m'), r.billing_currency, nullif(r.invoice_id, ''),
    r.service_category, r.service_name, r.charge_category, nullif(r.charge_class, ''),
    nullif(r.commitment_status, ''), r.tag_orgs,
    sum(r.billed), sum(r.effective), sum(r.list), sum(r.contracted), sum(r.row_count)
from fold_rows as r
group by r.billing_account_id, r.billing_period, nullif(r.sub_account_id, ''), r.month_start,
    r.billing_currency, nullif(r.invoice_id, ''), r.service_category, r.service_name,
    r.charge_category, nullif(r.charge_class, ''), nullif(r.commitment_status, ''), r.tag_orgs
