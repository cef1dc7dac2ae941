-- estimate/peer_items: where the peers of one organization stand, per cost item, in annual
-- cost per resident over the operations an estimate covers. Aggregates only, and only for
-- groups of at least $min_members organizations (the peer charts' disclosure rule): a
-- smaller group would let a reader work out a neighbour's figures. The organization
-- itself is not among its peers. Only actual and budget figures enter: imported estimates
-- of other organizations are not a yardstick for an estimate.
-- Grain: one row per cost item with any peer figure.
-- Parameters: $org_code, $fy, $systems (list of operation codes), $min_members.
-- Columns: item_key, members, p25_yen, p50_yen, p75_yen, p90_yen (per resident; null when
--   members < $min_members)
with own as (
    select peer_group
    from organization
    where org_code = $org_code
),

peer_org as (
    select o.org_code, o.population
    from organization as o
    inner join own using (peer_group)
    where o.org_code <> $org_code and o.population > 0
),

pair as (
    select p.org_code, p.system_code
    from mart_pair_year as p
    semi join peer_org using (org_code)
    where p.fiscal_year = $fy and p.basis in ('actual', 'budget')
        and list_contains($systems, p.system_code)
),

per_resident as (
    select i.org_code, i.item_key, sum(i.current_yen) / any_value(po.population) as yen_per_resident
    from mart_pair_item_year as i
    inner join pair using (org_code, system_code)
    inner join peer_org as po using (org_code)
    where i.fiscal_year = $fy
    group by i.org_code, i.item_key
),

stats as (
    select item_key, count(*) as members,
        quantile_cont(yen_per_resident, 0.25) as p25_yen,
        quantile_cont(yen_per_resident, 0.5) as p50_yen,
        quantile_cont(yen_per_resident, 0.75) as p75_yen,
        quantile_cont(yen_per_resident, 0.9) as p90_yen
    from per_resident
    group by item_key
)

select item_key, members,
    case when members >= $min_members then p25_yen end as p25_yen,
    case when members >= $min_members then p50_yen end as p50_yen,
    case when members >= $min_members then p75_yen end as p75_yen,
    case when members >= $min_members then p90_yen end as p90_yen
from stats
order by item_key
