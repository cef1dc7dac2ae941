-- cloud/fold_resource: insert the import's resources per month into cloud_resource.
-- Part of the fold: fold the raw rows of one import (its Parquet directory) into monthly
-- lines, resources and billing account × period keys inside the database.
-- Grain: cloud_line as in cloud/schema.sql; month = JST month of ChargePeriodStart
-- (UTC + 9 h, so 2026-03-31T15:00Z is April 2026 and FY2026).
-- Columns written: cloud_line, cloud_resource, cloud_import_key (see schema).
-- Tags are parsed once per distinct Tags text; only entries whose value looks like an
-- organization code (6 digits) are kept, as the account map's tag key is applied later.
-- Parameters: $import_id, $pattern.
insert into cloud_resource
with by_resource as (
    select BillingAccountId as billing_account_id, billing_period,
        nullif(SubAccountId, '') as sub_account_id,
        strftime(ChargePeriodStart + interval 9 hour, '%Y-%m') as month,
        BillingCurrency as billing_currency, ResourceId as resource_id,
        any_value(ResourceName) as resource_name, any_value(ServiceName) as service_name,
        nullif(Tags, '') as tags, sum(BilledCost) as billed
    from read_parquet($pattern, hive_partitioning = true, union_by_name = true)
    where coalesce(ResourceId, '') <> ''
    group by all
)

select $import_id, r.billing_account_id, r.billing_period, r.sub_account_id, r.month,
    r.billing_currency, r.resource_id, any_value(r.resource_name), any_value(r.service_name),
    t.tag_orgs, sum(r.billed)
from by_resource as r
left join fold_tag_org as t using (tags)
group by all
