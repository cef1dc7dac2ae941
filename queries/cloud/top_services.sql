-- cloud/top_services: the services with the largest allocated BilledCost in the fiscal year.
-- Grain: one row per service, at most 10. Parameters: $org_code, $pref_code, $fy.
-- Columns: service_name, service_category, billed_yen, effective_yen.
select coalesce(service_name, '(none)') as service_name, any_value(service_category) as service_category,
    sum(billed_yen) as billed_yen, sum(effective_yen) as effective_yen
from cloud_alloc
where fiscal_year = $fy and ($org_code is null or org_code = $org_code) and ($pref_code is null or left(org_code, 2) = $pref_code)
group by 1
order by billed_yen desc, service_name
limit 10
