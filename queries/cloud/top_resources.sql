-- cloud/top_resources: an organization's largest resources in the fiscal year (its own
-- accounts, and resources a tag gives it in a shared account). Organization scope only:
-- with no $org_code the result is empty.
-- Grain: one row per resource, at most 10. Parameters: $org_code, $pref_code, $fy.
-- Columns: resource_id, resource_name, service_name, billed_yen.
select resource_id, any_value(resource_name) as resource_name, any_value(service_name) as service_name,
    sum(billed_yen) as billed_yen
from cloud_resource_alloc
where fiscal_year = $fy and org_code = $org_code and $pref_code is null
group by resource_id
order by billed_yen desc, resource_id
limit 10
