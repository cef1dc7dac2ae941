-- cloud/fold_key: insert the billing account × billing period pairs the import holds.
-- Part of the fold: fold the raw rows of one import (its Parquet directory) into monthly
-- lines, resources and billing account × period keys inside the database.
-- Grain: cloud_line as in cloud/schema.sql; month = JST month of ChargePeriodStart
-- (UTC + 9 h, so 2026-03-31T15:00Z is April 2026 and FY2026).
-- Columns written: cloud_line, cloud_resource, cloud_import_key (see schema).
-- Tags are parsed once per distinct Tags text; only entries whose value looks like an
-- organization code (6 digits) are kept, as the account map's tag key is applied later.
-- Parameters: $import_id.
insert into cloud_import_key
select $import_id, billing_account_id, billing_period, sum(row_count)
from fold_by_tags
group by all
