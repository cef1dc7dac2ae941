-- scenario/cash_by_year: cash the scope's organizations pay that no scenario lever touches
-- (pairs without a FY2018 baseline, outside every rate), and the funding they receive.
-- Grain: one row per fiscal year FY$first_fy–FY$last_fy.
-- Parameters: $pref_code, $org_code (the scope), $first_fy, $last_fy.
-- Columns: fiscal_year, unmatched_cash_yen, funding_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

years as (
    select unnest(range($first_fy, $last_fy + 1))::smallint as fiscal_year
),

unmatched as (
    select p.fiscal_year, sum(p.current_yen)::bigint as unmatched_cash_yen
    from mart_pair_year as p
    semi join scoped_org using (org_code)
    where not p.matched
    group by p.fiscal_year
),

funding as (
    select f.fiscal_year, sum(f.amount_yen)::bigint as funding_yen
    from stg_funding_current as f
    semi join scoped_org using (org_code)
    group by f.fiscal_year
)

select y.fiscal_year,
    coalesce(u.unmatched_cash_yen, 0)::bigint as unmatched_cash_yen,
    coalesce(f.funding_yen, 0)::bigint as funding_yen
from years as y
left join unmatched as u using (fiscal_year)
left join funding as f using (fiscal_year)
order by y.fiscal_year
