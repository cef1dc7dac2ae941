-- estimate/baseline: one organization's FY2018 actuals (the baseline of the -30% target,
-- domain.md 7) by operation and cost item, to set an estimate against.
-- Grain: one row per operation × cost item with a FY2018 actual.
-- Parameters: $org_code, $baseline_fy.
-- Columns: system_code, item_key, baseline_yen
select system_code, item_key, sum(amount_yen)::bigint as baseline_yen
from stg_cost_current
where org_code = $org_code
    and fiscal_year = $baseline_fy
    and basis = 'actual'
group by system_code, item_key
order by system_code, item_key
