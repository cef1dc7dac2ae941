-- scenario/pair_factors: factor attributions (S01–F03) of matched pairs, the amounts the
-- measures lever shrinks (domain.md section 6 map).
-- Grain: one row per matched organization × operation × fiscal year × factor with an amount.
-- Parameters: $pref_code, $org_code (the scope), $first_fy, $last_fy.
-- Columns: org_code, system_code, fiscal_year, driver_code, amount_yen
with scoped_org as (
    select org_code
    from organization
    where ($pref_code is null or pref_code = $pref_code)
        and ($org_code is null or org_code = $org_code)
),

factor as (
    select driver_code
    from driver
    where not is_countermeasure and group_key <> 'external'
)

select d.org_code, d.system_code, d.fiscal_year, d.driver_code, d.amount_yen
from mart_driver_pair_year as d
semi join scoped_org using (org_code)
semi join factor using (driver_code)
where d.fiscal_year between $first_fy and $last_fy
