-- cloud/fold_group: one scan of an import's raw rows (its Parquet files) that yields both
-- the monthly lines and the resources, through two grouping sets.
-- Grain: one row per line (line_set = 1: account × JST month × currency × invoice × service ×
-- charge category/class × commitment status × organization tags) or per resource
-- (line_set = 0: account × JST month × currency × resource × organization tags).
-- month = JST month of ChargePeriodStart (UTC + 9 h: 2026-03-31T15:00Z is April 2026, FY2026).
-- tag_orgs keeps only the Tags entries whose value is a 6-digit organization code, as a JSON
-- object; the account map's tag key is applied later (cloud/allocate), so a map imported
-- after the bills still works. A regular expression finds them without parsing every row's
-- JSON (validation has already checked that Tags is a JSON object).
-- Parameters: $pattern. Columns: see the select list.
create or replace temp table fold_grouped as
with raw as (
    select BillingAccountId as billing_account_id,
        billing_period,
        nullif(SubAccountId, '') as sub_account_id,
        strftime(cast(ChargePeriodStart as timestamp) + interval 9 hour, '%Y-%m') as month,
        BillingCurrency as billing_currency,
        nullif(InvoiceId, '') as invoice_id,
        ServiceCategory as service_category,
        ServiceName as service_name,
        ChargeCategory as charge_category,
        nullif(ChargeClass, '') as charge_class,
        nullif(CommitmentDiscountStatus, '') as commitment_status,
        nullif(ResourceId, '') as resource_id,
        ResourceName as resource_name,
        case when Tags like '%"______"%' then     -- cheap filter: a quoted 6-character value
            '{' || nullif(array_to_string(regexp_extract_all(Tags, '"[^"\\]*"\s*:\s*"[0-9]{6}"'), ','), '') || '}'
        end as tag_orgs,
        BilledCost, EffectiveCost, ListCost, ContractedCost
    from read_parquet($pattern, hive_partitioning = true, union_by_name = true)
)

select grouping(resource_id) as line_set,
    billing_account_id, billing_period, sub_account_id, month, billing_currency, invoice_id,
    service_category, service_name, charge_category, charge_class, commitment_status,
    resource_id, tag_orgs,
    any_value(resource_name) as resource_name,
    any_value(service_name) as any_service_name,
    sum(BilledCost) as billed,
    sum(EffectiveCost) as effective,
    sum(ListCost) as list,
    sum(ContractedCost) as contracted,
    count(*) as row_count
from raw
group by grouping sets (
    (billing_account_id, billing_period, sub_account_id, month, billing_currency, invoice_id,
     service_category, service_name, charge_category, charge_class, commitment_status, tag_orgs),
    (billing_account_id, billing_period, sub_account_id, month, billing_currency, resource_id, tag_orgs)
)
