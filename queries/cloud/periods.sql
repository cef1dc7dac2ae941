-- cloud/periods: the billing periods ('YYYY-MM' of BillingPeriodStart, UTC) a FOCUS file holds.
-- Distinct start times first: a month's file has one or two, so the conversion runs on those.
-- Grain: one row per period. Parameters: none. Columns: billing_period.
with period_start as (
    select distinct BillingPeriodStart as started from focus_src
)

select distinct strftime(cast(cast(started as timestamptz) as timestamp), '%Y-%m') as billing_period
from period_start
order by billing_period
