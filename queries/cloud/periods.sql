-- cloud/periods: the billing periods ('YYYY-MM' of BillingPeriodStart, UTC) of the FOCUS rows
-- in view focus_typed (a file being imported, or its written Parquet). NULL when a row has no
-- readable start (the import's check refuses such a file).
-- Distinct start times first: a month's file has one or two, so the formatting runs on those.
-- Grain: one row per period. Parameters: none. Columns: billing_period.
with period_start as (
    select distinct BillingPeriodStart as started from focus_typed
)

select distinct strftime(cast(started as timestamp), '%Y-%m') as billing_period
from period_start
order by billing_period
