-- estimate/peer_items: where the peers of one organization stand, per cost item, in annual
-- cost per resident over the operations an estimate covers (R08 and the peer-position
-- chart). The same disclosure control as the peer charts (pages/peer_stats.sql, README
-- "What the peer comparison discloses"):
--   * k >= 5: only items with at least 5 reporting peers get any statistic;
--   * dominance: no peer may hold more than 50% of the group's total for the item;
--   * no raw order statistic: each quantile is a triangular-kernel mean of the order
--     statistics within 2 ranks of its interpolated position (at least 3 members mixed);
--   * rounded to 3 significant figures; the member count is not published.
-- The organization itself is not among its peers. Only actual and budget figures enter:
-- other organizations' imported estimates are not a yardstick for an estimate. Population:
-- the registered relation `estimate_population` (org_code, population: census figures).
-- Grain: one row per cost item with any peer figure.
-- Parameters: $org_code, $fy, $systems (list of operation codes).
-- Columns: item_key, published, p25_yen, p50_yen, p75_yen, p90_yen (yen per resident a
--   year; null unless published)
with own as (
    select peer_group
    from organization
    where org_code = $org_code
),

peer_org as (
    select o.org_code, p.population
    from organization as o
    inner join own using (peer_group)
    inner join estimate_population as p using (org_code)
    where o.org_code <> $org_code and p.population > 0
),

pair as (
    select p.org_code, p.system_code
    from mart_pair_year as p
    semi join peer_org using (org_code)
    where p.fiscal_year = $fy and p.basis in ('actual', 'budget') and p.matched
        and list_contains($systems, p.system_code)
),

member as (
    select i.org_code, i.item_key, sum(i.current_yen) as yen,
        sum(i.current_yen) / any_value(po.population) as value
    from mart_pair_item_year as i
    inner join pair using (org_code, system_code)
    inner join peer_org as po using (org_code)
    where i.fiscal_year = $fy
    group by i.org_code, i.item_key
    having sum(i.current_yen) > 0
),

item_rule as (
    select item_key, peer_publishable(count(*), yen) as published
    from member
    group by item_key
),

ranked as (
    select m.item_key, m.value,
        row_number() over (partition by m.item_key order by m.value) as rank_no,
        count(*) over (partition by m.item_key) as n
    from member as m
    inner join item_rule as r using (item_key)
    where r.published
),

probability as (
    select unnest([0.25, 0.5, 0.75, 0.9]) as p
),

weighted as (
    select r.item_key, q.p, r.value,
        peer_kernel_weight(r.rank_no, r.n, q.p) as weight
    from ranked as r
    cross join probability as q
),

quantile as (
    select item_key, p, sum(weight * value) / sum(weight) as raw_value,
        count(*) filter (where weight > 0) as mixed
    from weighted
    group by all
),

rounded as (
    select item_key, p,
        peer_round(raw_value, mixed) as value
    from quantile
)

select r.item_key, r.published,
    any_value(q.value) filter (where q.p = 0.25) as p25_yen,
    any_value(q.value) filter (where q.p = 0.5) as p50_yen,
    any_value(q.value) filter (where q.p = 0.75) as p75_yen,
    any_value(q.value) filter (where q.p = 0.9) as p90_yen
from item_rule as r
left join rounded as q using (item_key)
group by r.item_key, r.published
order by r.item_key
