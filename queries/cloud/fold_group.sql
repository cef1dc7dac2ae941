-- cloud/fold_group: one scan of an import's raw rows (its Parquet files) that yields both
-- the monthly lines and the resources, through two grouping sets.
-- Grain: one row per line (line_set = 1: account × JST month × currency × invoice × service ×
-- charge category/class × commitment status × organization tags) or per resource
-- (line_set = 0: account × JST month × currency × resource × organization tags).
-- month = JST month of ChargePeriodStart (UTC + 9 h: 2026-03-31T15:00Z is April 2026, FY2026).
-- It is grouped as the month's first instant and formatted 'YYYY-MM' only on the grouped
-- rows: formatting text for every raw row cost more than the grouping itself.
-- tag_orgs keeps only the Tags entries whose value is a 6-digit organization code, as a JSON
-- object; the account map's tag key is applied later (cloud/allocate), so a map imported
-- after the bills still works. A regular expression finds them without parsing any JSON
-- (validation has already checked that Tags is a JSON object), and it runs once per distinct
-- Tags text (tag_map), not once per row: a resource repeats its tags on every hourly row.
-- Parameters: $pattern. Columns: see the select list.
create or replace temp table fold_grouped as
with tag_map as (
    select Tags,
        '{' || nullif(array_to_string(regexp_extract_all(Tags, '"[^"\\]*"\s*:\s*"[0-9]{6}"'), ','), '') || '}'
            as tag_orgs
    from (
        select distinct Tags
        from read_parquet($pattern, hive_partitioning = true, union_by_name = true)
        where Tags like '%"______"%'     -- cheap filter: a quoted 6-character value
    )
),

raw as (
    select r.BillingAccountId as billing_account_id,
        r.billing_period,
        nullif(r.SubAccountId, '') as sub_account_id,
        date_trunc('month', cast(r.ChargePeriodStart as timestamp) + interval 9 hour) as month_start,
        r.BillingCurrency as billing_currency,
        nullif(r.InvoiceId, '') as invoice_id,
        r.ServiceCategory as service_category,
        r.ServiceName as service_name,
        r.ChargeCategory as charge_category,
        nullif(r.ChargeClass, '') as charge_class,
        nullif(r.CommitmentDiscountStatus, '') as commitment_status,
        nullif(r.ResourceId, '') as resource_id,
        r.ResourceName as resource_name,
        t.tag_orgs,
        r.BilledCost, r.EffectiveCost, r.ListCost, r.ContractedCost
    from read_parquet($pattern, hive_partitioning = true, union_by_name = true) as r
    left join tag_map as t on r.Tags = t.Tags
)

select grouping(resource_id) as line_set,
    billing_account_id, billing_period, sub_account_id,
    strftime(month_start, '%Y-%m') as month,
    billing_currency, invoice_id,
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
    (billing_account_id, billing_period, sub_account_id, month_start, billing_currency, invoice_id,
     service_category, service_name, charge_category, charge_class, commitment_status, tag_orgs),
    (billing_account_id, billing_period, sub_account_id, month_start, billing_currency, resource_id, tag_orgs)
)
