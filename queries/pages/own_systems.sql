-- pages/own_systems: the systems a prefecture runs itself for areas without a welfare office
-- of their own (生活保護 16, 児童扶養手当 19), shown apart from its municipalities.
-- Grain: one row per prefecture organization × such operation × fiscal year (matched pairs).
-- Parameters: $pref_code, $org_code.
-- Columns: org_code, system_code, name_ja, name_en, fiscal_year, baseline_yen, current_yen,
--   basis ('actual' or 'projected')
with scoped_org as (
    select org_code
    from organization
    where ($pref_code is null or pref_code = $pref_code)
        and ($org_code is null or org_code = $org_code)
        and kind = '都道府県'
)

select p.org_code, p.system_code, s.name_ja, s.name_en, p.fiscal_year, p.baseline_yen,
    p.current_yen, case when p.basis = 'actual' then 'actual' else 'projected' end as basis
from mart_pair_year as p
semi join scoped_org using (org_code)
inner join system as s using (system_code)
where p.matched and s.prefecture_runs
order by p.org_code, p.system_code, p.fiscal_year
