-- cloud/years: fiscal years with allocated cloud cost in the scope.
-- Grain: one row per fiscal year. Parameters: $org_code, $pref_code. Columns: fiscal_year.
select distinct fiscal_year from cloud_alloc where ($org_code is null or org_code = $org_code) and ($pref_code is null or left(org_code, 2) = $pref_code) order by fiscal_year
