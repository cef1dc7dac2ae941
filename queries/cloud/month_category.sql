-- cloud/month_category: allocated cost per JST month and ServiceCategory (the stacked trend).
-- Grain: one row per month × service category. Parameters: $org_code, $pref_code, $fy.
-- Columns: month, category, billed_yen, effective_yen.
select month, coalesce(service_category, '(none)') as category,
    sum(billed_yen) as billed_yen, sum(effective_yen) as effective_yen
from cloud_alloc
where fiscal_year = $fy and ($org_code is null or org_code = $org_code) and ($pref_code is null or left(org_code, 2) = $pref_code)
group by all
order by month, category
