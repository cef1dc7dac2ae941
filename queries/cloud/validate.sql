-- cloud/validate: the rows of a FOCUS file (view focus_src, columns as read) that break a
-- rule: a cost that is not a number, a period time that is not ISO 8601, an empty mandatory
-- value, End <= Start, a currency outside ISO 4217, Tags that are not a JSON object, an
-- unknown ChargeCategory or ChargeClass.
-- Grain: one row per offending row (the first rule it breaks), file order, at most $limit.
-- Parameters: $iso (list of ISO 4217 codes), $limit.
-- Columns: row (NULL when the view was not numbered), rule, column, value.
-- Text forms of values are built only inside the branches of failing rows: a typed Parquet
-- column is never formatted as text just to be checked.
with typed as (
    select __row, BilledCost, EffectiveCost, ListCost, ContractedCost, ChargePeriodStart,
        ChargePeriodEnd, BillingPeriodStart, BillingPeriodEnd, BillingAccountId, BillingCurrency,
        ChargeCategory, ChargeClass, Tags,
        try_cast(BilledCost as double) as billed,
        try_cast(EffectiveCost as double) as effective,
        try_cast(ListCost as double) as list,
        try_cast(ContractedCost as double) as contracted,
        try_cast(ChargePeriodStart as timestamptz) as start_at,
        try_cast(ChargePeriodEnd as timestamptz) as end_at,
        try_cast(BillingPeriodStart as timestamptz) as bstart_at,
        try_cast(BillingPeriodEnd as timestamptz) as bend_at
    from focus_src
),

judged as (
    select __row,
        case
            when billed is null then [case when coalesce(cast(BilledCost as varchar), '') = '' then 'required' else 'type' end,
                                      'BilledCost', cast(BilledCost as varchar)]
            when effective is null then [case when coalesce(cast(EffectiveCost as varchar), '') = '' then 'required' else 'type' end,
                                         'EffectiveCost', cast(EffectiveCost as varchar)]
            when list is null then [case when coalesce(cast(ListCost as varchar), '') = '' then 'required' else 'type' end,
                                    'ListCost', cast(ListCost as varchar)]
            when contracted is null then [case when coalesce(cast(ContractedCost as varchar), '') = '' then 'required' else 'type' end,
                                          'ContractedCost', cast(ContractedCost as varchar)]
            when start_at is null then [case when coalesce(cast(ChargePeriodStart as varchar), '') = '' then 'required' else 'type' end,
                                        'ChargePeriodStart', cast(ChargePeriodStart as varchar)]
            when end_at is null then [case when coalesce(cast(ChargePeriodEnd as varchar), '') = '' then 'required' else 'type' end,
                                      'ChargePeriodEnd', cast(ChargePeriodEnd as varchar)]
            when end_at <= start_at then ['period_order', 'ChargePeriodEnd', cast(ChargePeriodEnd as varchar)]
            when bstart_at is null then [case when coalesce(cast(BillingPeriodStart as varchar), '') = '' then 'required' else 'type' end,
                                         'BillingPeriodStart', cast(BillingPeriodStart as varchar)]
            when bend_at is null then [case when coalesce(cast(BillingPeriodEnd as varchar), '') = '' then 'required' else 'type' end,
                                       'BillingPeriodEnd', cast(BillingPeriodEnd as varchar)]
            when bend_at <= bstart_at then ['period_order', 'BillingPeriodEnd', cast(BillingPeriodEnd as varchar)]
            when coalesce(BillingAccountId, '') = '' then ['required', 'BillingAccountId', BillingAccountId]
            when BillingCurrency is null or not list_contains($iso, BillingCurrency)
                then ['currency', 'BillingCurrency', BillingCurrency]
            when ChargeCategory is null or ChargeCategory not in ('Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment')
                then ['category', 'ChargeCategory', ChargeCategory]
            when coalesce(ChargeClass, '') not in ('', 'Correction') then ['class', 'ChargeClass', ChargeClass]
            when coalesce(Tags, '') <> '' and (not json_valid(Tags) or not starts_with(ltrim(Tags), '{'))
                then ['tags', 'Tags', Tags]
        end as broken
    from typed
)

select __row as row, broken[1] as rule, broken[2] as column, left(broken[3], 80) as value
from judged
where broken is not null
order by __row
limit $limit
