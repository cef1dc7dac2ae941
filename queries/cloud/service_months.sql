-- cloud/service_months: allocated BilledCost per JST month and service, for the fiscal year
-- and the six months before it (the trailing window of the anomaly check).
-- Grain: one row per month × service. Parameters: $org_code, $pref_code, $fy.
-- Columns: month, service_name, billed_yen.
select month, coalesce(service_name, '(none)') as service_name, sum(billed_yen) as billed_yen
from cloud_alloc
where month >= strftime(make_date($fy - 1, 10, 1), '%Y-%m')
    and fiscal_year <= $fy and ($org_code is null or org_code = $org_code) and ($pref_code is null or left(org_code, 2) = $pref_code)
group by all
order by month, service_name
