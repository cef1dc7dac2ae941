-- pages/trajectory_items: current cost of the scope by cost item and fiscal year (stacked trajectory).
-- Grain: one row per fiscal year × cost item with a matched pair in the scope.
-- Parameters: $pref_code, $org_code.
-- Columns: fiscal_year, item_key, sort_order, short_name_ja, name_en, new_after_migration,
--   current_yen, baseline_yen
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

by_year_item as (
    select m.fiscal_year, m.item_key,
        sum(m.current_yen)::bigint as current_yen,
        sum(m.baseline_yen)::bigint as baseline_yen
    from mart_org_item_year as m
    semi join scoped_org using (org_code)
    group by m.fiscal_year, m.item_key
)

select b.fiscal_year, b.item_key, c.sort_order, c.short_name_ja, c.name_en,
    c.new_after_migration, b.current_yen, b.baseline_yen
from by_year_item as b
inner join cost_item as c using (item_key)
order by b.fiscal_year, c.sort_order
