-- pages/own_systems: the systems a prefecture runs itself for areas without a welfare office
-- of their own (生活保護 16, 児童扶養手当 19), shown apart from its municipalities.
-- Grain: one row per prefecture organization × such operation × fiscal year (matched pairs).
-- Parameters: $pref_code, $org_code.
-- Columns: org_code, system_code, name_ja, name_en, fiscal_year, baseline_yen, current_yen,
--   basis ('actual' or 'projected')
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
    where kind = '都道府県'
)

select p.org_code, p.system_code, s.name_ja, s.name_en, p.fiscal_year, p.baseline_yen,
    p.current_yen, basis_label((p.basis <> 'actual')::integer) as basis
from mart_pair_year as p
semi join scoped_org using (org_code)
inner join system as s using (system_code)
where p.matched and s.prefecture_runs
order by p.org_code, p.system_code, p.fiscal_year
