-- cloud/periods: the billing periods ('YYYY-MM' of BillingPeriodStart, UTC) a FOCUS file holds.
-- Grain: one row per period. Parameters: none. Columns: billing_period.
select distinct billing_period from focus_typed order by billing_period
