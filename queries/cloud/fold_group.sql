-- cloud/fold_group: one scan of an import's raw rows (its Parquet files) grouped to the
-- finest grain any cloud table needs, into the temp table fold_rows; the monthly lines, the
-- resources and the checks are then taken from it (far fewer rows: a resource repeats the
-- same values on every hourly row).
-- Grain: one row per account × billing period × sub-account × JST month × currency ×
-- invoice × service × charge category/class × commitment status × resource × Tags.
-- month_start = first instant of the JST month of ChargePeriodStart (UTC + 9 h:
-- 2026-03-31T15:00Z is April 2026, FY2026), formatted only on the folded rows.
-- broken_rows counts the rows whose costs or period times are missing or unreadable (NULL
-- after the typed read) or whose period ends at or before it starts: set-based checks, so
-- no row is judged one by one. The text-valued rules are checked on the grouped values
-- (cloud/fold_check).
-- tag_orgs keeps only the Tags entries whose value is a 6-digit organization code, as JSON
-- object text ('{"gc-org":"012025"}', NULL when none); the account map's tag key is applied
-- later (cloud/allocate), so a map imported after the bills still works. Tags is a group key,
-- so this runs once per folded row, not once per raw row, and the MAP itself is not kept.
-- Parameters: $pattern. Columns: see the select list.
create or replace temp table fold_rows as
select BillingAccountId as billing_account_id,
    billing_period,
    SubAccountId as sub_account_id,
    date_trunc('month', cast(ChargePeriodStart as timestamp) + interval 9 hour) as month_start,
    BillingCurrency as billing_currency,
    InvoiceId as invoice_id,
    ServiceCategory as service_category,
    ServiceName as service_name,
    ChargeCategory as charge_category,
    ChargeClass as charge_class,
    CommitmentDiscountStatus as commitment_status,
    ResourceId as resource_id,
    to_json(map_from_entries(nullif(list_filter(map_entries(Tags),
        lambda e: regexp_full_match(coalesce(e.value, ''), '[0-9]{6}')), []))) as tag_orgs,
    any_value(ResourceName) as resource_name,
    sum(BilledCost) as billed,
    sum(EffectiveCost) as effective,
    sum(ListCost) as list,
    sum(ContractedCost) as contracted,
    count(*) as row_count,
    count(*) filter (where BilledCost is null or EffectiveCost is null or ListCost is null
        or ContractedCost is null or ChargePeriodStart is null or ChargePeriodEnd is null
        or BillingPeriodStart is null or BillingPeriodEnd is null
        or ChargePeriodEnd <= ChargePeriodStart or BillingPeriodEnd <= BillingPeriodStart) as broken_rows
from read_parquet($pattern, hive_partitioning = true, union_by_name = true)
group by billing_account_id, billing_period, sub_account_id, month_start, billing_currency,
    invoice_id, service_category, service_name, charge_category, charge_class, commitment_status,
    resource_id, Tags
