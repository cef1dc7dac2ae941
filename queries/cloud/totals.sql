-- cloud/totals: the fiscal year's commitment and discount figures in the scope.
-- covered_effective_yen: EffectiveCost of usage a commitment covered (status Used);
-- savings_yen: ContractedCost − EffectiveCost of that usage; unused_yen: EffectiveCost of
-- unused commitment (status Unused); usage_effective_yen: EffectiveCost of all Usage rows
-- (coverage = covered / usage); negotiated_discount_yen: ListCost − ContractedCost.
-- Grain: one row. Parameters: $org_code, $pref_code, $fy.
-- Columns: billed_yen, effective_yen, covered_effective_yen, savings_yen, unused_yen,
--   usage_effective_yen, negotiated_discount_yen.
select coalesce(sum(billed_yen), 0) as billed_yen,
    coalesce(sum(effective_yen), 0) as effective_yen,
    coalesce(sum(effective_yen) filter (where commitment_status = 'Used'), 0) as covered_effective_yen,
    coalesce(sum(contracted_yen - effective_yen) filter (where commitment_status = 'Used'), 0) as savings_yen,
    coalesce(sum(effective_yen) filter (where commitment_status = 'Unused'), 0) as unused_yen,
    coalesce(sum(effective_yen) filter (where charge_category = 'Usage'), 0) as usage_effective_yen,
    coalesce(sum(list_yen - contracted_yen), 0) as negotiated_discount_yen
from cloud_alloc
where fiscal_year = $fy and ($org_code is null or org_code = $org_code) and ($pref_code is null or left(org_code, 2) = $pref_code)
