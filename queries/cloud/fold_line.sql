-- cloud/fold_line: insert the import's monthly lines into cloud_line.
-- Part of the fold: fold the raw rows of one import (its Parquet directory) into monthly
-- lines, resources and billing account × period keys inside the database.
-- Grain: cloud_line as in cloud/schema.sql; month = JST month of ChargePeriodStart
-- (UTC + 9 h, so 2026-03-31T15:00Z is April 2026 and FY2026).
-- Columns written: cloud_line, cloud_resource, cloud_import_key (see schema).
-- Tags are parsed once per distinct Tags text; only entries whose value looks like an
-- organization code (6 digits) are kept, as the account map's tag key is applied later.
-- Parameters: $import_id.
insert into cloud_line
select $import_id, f.billing_account_id, f.billing_period, f.sub_account_id, f.month,
    f.billing_currency, f.invoice_id, f.service_category, f.service_name, f.charge_category,
    f.charge_class, f.commitment_status, t.tag_orgs,
    sum(f.billed), sum(f.effective), sum(f.list), sum(f.contracted), sum(f.row_count)
from fold_by_tags as f
left join fold_tag_org as t using (tags)
group by all
