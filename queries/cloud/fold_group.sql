-- cloud/fold_group: group one import's raw rows (its Parquet files) by everything a line keeps plus the Tags text.
-- Part of the fold: fold the raw rows of one import (its Parquet directory) into monthly
-- lines, resources and billing account × period keys inside the database.
-- Grain: cloud_line as in cloud/schema.sql; month = JST month of ChargePeriodStart
-- (UTC + 9 h, so 2026-03-31T15:00Z is April 2026 and FY2026).
-- Columns written: cloud_line, cloud_resource, cloud_import_key (see schema).
-- Tags are parsed once per distinct Tags text; only entries whose value looks like an
-- organization code (6 digits) are kept, as the account map's tag key is applied later.
-- Parameters: $pattern.
create or replace temp table fold_by_tags as
select BillingAccountId as billing_account_id,
    billing_period,
    nullif(SubAccountId, '') as sub_account_id,
    strftime(ChargePeriodStart + interval 9 hour, '%Y-%m') as month,
    BillingCurrency as billing_currency,
    nullif(InvoiceId, '') as invoice_id,
    ServiceCategory as service_category,
    ServiceName as service_name,
    ChargeCategory as charge_category,
    nullif(ChargeClass, '') as charge_class,
    nullif(CommitmentDiscountStatus, '') as commitment_status,
    nullif(Tags, '') as tags,
    sum(BilledCost) as billed,
    sum(EffectiveCost) as effective,
    sum(ListCost) as list,
    sum(ContractedCost) as contracted,
    count(*) as row_count
from read_parquet($pattern, hive_partitioning = true, union_by_name = true)
group by all
