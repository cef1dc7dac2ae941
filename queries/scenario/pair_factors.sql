-- scenario/pair_factors: factor attributions (S01–F03) of matched pairs, the amounts the
-- measures lever shrinks (docs/metrics.md, "Drivers and countermeasures").
-- Grain: one row per matched organization × operation × fiscal year × factor with an amount.
-- Parameters: $pref_code, $org_code (the scope), $first_fy, $last_fy.
-- Columns: org_code, system_code, fiscal_year, driver_code, amount_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
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
