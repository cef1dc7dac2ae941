-- pages/by_item: baseline and current of each cost item over matched pairs of the scope.
-- Grain: one row per cost item (all 12; zero where the scope has none).
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: item_key, sort_order, group_ja, group_en, short_name_ja, name_ja, name_en,
--   new_after_migration, software_related, baseline_yen, current_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

by_item as (
    select m.item_key,
        sum(m.baseline_yen)::bigint as baseline_yen,
        sum(m.current_yen)::bigint as current_yen
    from mart_org_item_year as m
    semi join scoped_org using (org_code)
    where m.fiscal_year = $fy
    group by m.item_key
)

select c.item_key, c.sort_order, c.group_ja, c.group_en, c.short_name_ja, c.name_ja, c.name_en,
    c.new_after_migration, c.software_related,
    coalesce(b.baseline_yen, 0)::bigint as baseline_yen,
    coalesce(b.current_yen, 0)::bigint as current_yen
from cost_item as c
left join by_item as b using (item_key)
order by c.sort_order
