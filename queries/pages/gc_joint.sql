-- pages/gc_joint: the new Government Cloud connection-line (gc_network) and operations-support
-- (gc_ops) costs of the scope's municipalities, which the seed asks prefectures to procure
-- jointly. The prefecture's own organization is left out: the sum is what joint
-- procurement on behalf of the municipalities would cover.
-- Grain: one row per fiscal year × those two cost items with a matched pair.
-- Parameters: $pref_code, $org_code.
-- Columns: fiscal_year, item_key, short_name_ja, name_en, current_yen, orgs
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
    where kind <> '都道府県'
)

select m.fiscal_year, m.item_key, c.short_name_ja, c.name_en,
    sum(m.current_yen)::bigint as current_yen,
    count(*) filter (where m.current_yen > 0) as orgs
from mart_org_item_year as m
semi join scoped_org using (org_code)
inner join cost_item as c using (item_key)
where m.item_key in ('gc_network', 'gc_ops')
group by m.fiscal_year, m.item_key, c.short_name_ja, c.name_en
order by m.fiscal_year, m.item_key
