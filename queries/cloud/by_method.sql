-- cloud/by_method: allocated BilledCost by allocation method (x_AllocatedMethodId:
-- direct, tag, population, usage, equal) in the fiscal year and scope.
-- Grain: one row per method. Parameters: $org_code, $pref_code, $fy.
-- Columns: method, billed_yen.
select x_AllocatedMethodId as method, sum(billed_yen) as billed_yen
from cloud_alloc
where fiscal_year = $fy and ($org_code is null or org_code = $org_code) and ($pref_code is null or left(org_code, 2) = $pref_code)
group by 1
order by 1
