-- cloud/months: allocated cloud cost per JST month of a fiscal year, in the scope.
-- Grain: one row per month with data. Parameters: $org_code, $pref_code, $fy.
-- Columns: month ('YYYY-MM'), billed_yen, effective_yen, list_yen, contracted_yen.
select month, sum(billed_yen) as billed_yen, sum(effective_yen) as effective_yen,
    sum(list_yen) as list_yen, sum(contracted_yen) as contracted_yen
from cloud_alloc
where fiscal_year = $fy and ($org_code is null or org_code = $org_code) and ($pref_code is null or left(org_code, 2) = $pref_code)
group by month
order by month
