-- pages/peer_stats: one organization against its peer group (domain.md section 2).
-- Peers leave this query only as aggregates, and only for groups of at least 5 reporting
-- members: a smaller group would let a reader work out a neighbour's figures.
-- Grain: one row per organization of the scope that has a peer group.
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: org_code, peer_group, members, ratio, per_capita_yen, ratio_q1, ratio_median,
--   ratio_q3, per_capita_q1, per_capita_median, per_capita_q3 (peer columns null when
--   members < 5)
with scoped_org as (
    select org_code
    from organization
    where ($pref_code is null or pref_code = $pref_code)
        and ($org_code is null or org_code = $org_code)
),

org_figure as (
    -- every reporting organization with a baseline, nationwide: the peer population
    select o.org_code, o.peer_group,
        m.current_yen / m.baseline_yen as ratio,
        case when o.population > 0 then m.current_yen / o.population end as per_capita_yen
    from mart_org_year as m
    inner join organization as o using (org_code)
    where m.fiscal_year = $fy and m.baseline_yen > 0 and o.peer_group is not null
),

peer as (
    select peer_group, count(*) as members,
        quantile_cont(ratio, 0.25) as ratio_q1,
        quantile_cont(ratio, 0.5) as ratio_median,
        quantile_cont(ratio, 0.75) as ratio_q3,
        quantile_cont(per_capita_yen, 0.25) as per_capita_q1,
        quantile_cont(per_capita_yen, 0.5) as per_capita_median,
        quantile_cont(per_capita_yen, 0.75) as per_capita_q3
    from org_figure
    group by peer_group
)

select f.org_code, f.peer_group, coalesce(p.members, 0) as members, f.ratio, f.per_capita_yen,
    case when p.members >= 5 then p.ratio_q1 end as ratio_q1,
    case when p.members >= 5 then p.ratio_median end as ratio_median,
    case when p.members >= 5 then p.ratio_q3 end as ratio_q3,
    case when p.members >= 5 then p.per_capita_q1 end as per_capita_q1,
    case when p.members >= 5 then p.per_capita_median end as per_capita_median,
    case when p.members >= 5 then p.per_capita_q3 end as per_capita_q3
from org_figure as f
semi join scoped_org using (org_code)
left join peer as p using (peer_group)
order by f.org_code
