-- cloud/gc_usage_changed: the gc_usage actual figures of completed fiscal years, per
-- organization × operation, that differ from (or are missing in) the current figures.
-- A fiscal year is complete once its JST end has passed: FY y ends at (y+1)-03-31T15:00Z.
-- Amounts: BilledCost in yen as allocated (cloud_alloc). Accounts mapped to 'shared'
-- (no single operation) and negative totals (credits beyond charges) are not moved.
-- Grain: one row per organization × fiscal year × operation. Parameters: $now (UTC).
-- Columns: org_code, fiscal_year, system_code, item_key, basis, amount_yen, note.
with year_total as (
    select org_code, fiscal_year, system_code, sum(billed_yen) as amount_yen
    from cloud_alloc
    where system_code is not null
        and make_timestamp(fiscal_year + 1, 3, 31, 15, 0, 0) <= $now
    group by all
)

select y.org_code, cast(y.fiscal_year as smallint) as fiscal_year, y.system_code,
    'gc_usage' as item_key, 'actual' as basis, cast(y.amount_yen as bigint) as amount_yen,
    'FOCUS BilledCost (クラウド請求)' as note
from year_total as y
left join stg_cost_current as c
    on c.org_code = y.org_code and c.fiscal_year = y.fiscal_year and c.system_code = y.system_code
    and c.item_key = 'gc_usage' and c.basis = 'actual'
where y.amount_yen >= 0 and (c.amount_yen is null or c.amount_yen <> y.amount_yen)
order by y.org_code, y.fiscal_year, y.system_code
