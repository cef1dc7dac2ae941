-- metrics/by_system: baseline and current of each of the 20 operations over matched pairs.
-- Grain: one row per operation (all 20, zero where the scope has no matched pair).
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: system_code, name_ja, name_en, baseline_yen, current_yen, pairs_matched, pairs_projected
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

pair as (
    select p.system_code, p.baseline_yen, p.current_yen, p.basis
    from mart_pair_year as p
    semi join scoped_org using (org_code)
    where p.fiscal_year = $fy and p.matched
),

by_system as (
    select system_code,
        sum(baseline_yen)::bigint as baseline_yen,
        sum(current_yen)::bigint as current_yen,
        count(*) as pairs_matched,
        count(*) filter (where basis <> 'actual') as pairs_projected
    from pair
    group by system_code
)

select s.system_code, s.name_ja, s.name_en,
    coalesce(b.baseline_yen, 0)::bigint as baseline_yen,
    coalesce(b.current_yen, 0)::bigint as current_yen,
    coalesce(b.pairs_matched, 0) as pairs_matched,
    coalesce(b.pairs_projected, 0) as pairs_projected
from system as s
left join by_system as b using (system_code)
order by s.system_code
