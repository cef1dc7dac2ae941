-- cloud/validate: the rows of a FOCUS file (view focus_src, all columns as read) that break
-- a rule: a cost that is not a number, a period time that is not ISO 8601, an empty
-- mandatory value, End <= Start, a currency outside ISO 4217, Tags that are not a JSON
-- object, an unknown ChargeCategory or ChargeClass.
-- Grain: one row per offending row (the first rule it breaks), file order, at most $limit.
-- Parameters: $iso (list of ISO 4217 codes), $limit, $row_tags (check Tags row by row; the
-- fast path checks each distinct Tags text once in cloud/validate_tags instead).
-- Columns: row (data row number, NULL when the view was not numbered), rule, column, value.
with cast_row as (
    select __row,
        cast(BilledCost as varchar) as billed_text,
        try_cast(BilledCost as decimal(38, 10)) as billed,
        cast(EffectiveCost as varchar) as effective_text,
        try_cast(EffectiveCost as decimal(38, 10)) as effective,
        cast(ListCost as varchar) as list_text,
        try_cast(ListCost as decimal(38, 10)) as list,
        cast(ContractedCost as varchar) as contracted_text,
        try_cast(ContractedCost as decimal(38, 10)) as contracted,
        cast(ChargePeriodStart as varchar) as start_text,
        try_cast(cast(ChargePeriodStart as varchar) as timestamptz) as start_at,
        cast(ChargePeriodEnd as varchar) as end_text,
        try_cast(cast(ChargePeriodEnd as varchar) as timestamptz) as end_at,
        cast(BillingPeriodStart as varchar) as bstart_text,
        try_cast(cast(BillingPeriodStart as varchar) as timestamptz) as bstart_at,
        cast(BillingPeriodEnd as varchar) as bend_text,
        try_cast(cast(BillingPeriodEnd as varchar) as timestamptz) as bend_at,
        cast(BillingCurrency as varchar) as currency,
        cast(BillingAccountId as varchar) as account,
        cast(Tags as varchar) as tags,
        cast(ChargeCategory as varchar) as category,
        nullif(cast(ChargeClass as varchar), '') as charge_class
    from focus_src
),

judged as (
    select __row,
        case
            when coalesce(billed_text, '') = '' then ['required', 'BilledCost', billed_text]
            when billed is null then ['type', 'BilledCost', billed_text]
            when coalesce(effective_text, '') = '' then ['required', 'EffectiveCost', effective_text]
            when effective is null then ['type', 'EffectiveCost', effective_text]
            when coalesce(list_text, '') = '' then ['required', 'ListCost', list_text]
            when list is null then ['type', 'ListCost', list_text]
            when coalesce(contracted_text, '') = '' then ['required', 'ContractedCost', contracted_text]
            when contracted is null then ['type', 'ContractedCost', contracted_text]
            when coalesce(start_text, '') = '' then ['required', 'ChargePeriodStart', start_text]
            when start_at is null then ['type', 'ChargePeriodStart', start_text]
            when coalesce(end_text, '') = '' then ['required', 'ChargePeriodEnd', end_text]
            when end_at is null then ['type', 'ChargePeriodEnd', end_text]
            when end_at <= start_at then ['period_order', 'ChargePeriodEnd', end_text]
            when coalesce(bstart_text, '') = '' then ['required', 'BillingPeriodStart', bstart_text]
            when bstart_at is null then ['type', 'BillingPeriodStart', bstart_text]
            when coalesce(bend_text, '') = '' then ['required', 'BillingPeriodEnd', bend_text]
            when bend_at is null then ['type', 'BillingPeriodEnd', bend_text]
            when bend_at <= bstart_at then ['period_order', 'BillingPeriodEnd', bend_text]
            when coalesce(account, '') = '' then ['required', 'BillingAccountId', account]
            when currency is null or not list_contains($iso, currency) then ['currency', 'BillingCurrency', currency]
            when category is null or category not in ('Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment')
                then ['category', 'ChargeCategory', category]
            when charge_class is not null and charge_class <> 'Correction' then ['class', 'ChargeClass', charge_class]
            when $row_tags and coalesce(tags, '') <> '' and (not json_valid(tags) or json_type(tags) <> 'OBJECT')
                then ['tags', 'Tags', tags]
        end as broken
    from cast_row
)

select __row as row, broken[1] as rule, broken[2] as column, left(broken[3], 80) as value
from judged
where broken is not null
order by __row
limit $limit
