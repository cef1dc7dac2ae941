-- pages/peer_stats: one organization against its peer group (docs/metrics.md, "Organizations and scope"), with
-- statistical disclosure control, so that nothing published about the group can be traced
-- back to one member (README, "What the peer comparison discloses"):
--   * k >= 5: only groups with at least 5 members that reported this fiscal year (a matched
--     pair with cost lines this year and a FY2018 baseline) get any statistic;
--   * dominance: no member may hold more than 50% of the group's current or baseline total;
--   * no raw order statistic: each quartile is a kernel-weighted mean of the order
--     statistics within 2 ranks of its interpolated position (triangular weights), so every
--     published value mixes at least 3 members, and the member's own value is one unknown
--     among several even to a reader who knows the rule;
--   * every published statistic is rounded (no noise) to 3 significant figures, so neither
--     a ratio nor a per-capita value times a public population comes out as a member's yen;
--   * the member count is not published (only that the group passed the rules).
-- Grain: one row per organization of the scope that reported this year with a baseline.
-- Parameters: $fy, $pref_code, $org_code.
-- Columns: org_code, peer_group, published (true when the group passed the rules), ratio,
--   per_capita_yen (the organization's own, exact), ratio_q1, ratio_median, ratio_q3,
--   per_capita_q1, per_capita_median, per_capita_q3 (null unless published)
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

org_figure as (
    -- every organization that reported this year with a baseline, nationwide
    select m.org_code, m.peer_group, m.current_yen, m.baseline_yen, m.ratio,
        case when o.population > 0 then m.current_yen / o.population end as per_capita_yen
    from mart_org_year as m
    inner join organization as o using (org_code)
    where m.fiscal_year = $fy and m.baseline_yen > 0 and m.current_yen > 0
        and m.peer_group is not null
),

group_rule as (
    select peer_group,
        peer_publishable(count(*), current_yen) and peer_no_dominant(baseline_yen) as published
    from org_figure
    group by peer_group
),

measure_value as (
    select peer_group, 'ratio' as measure, ratio as value
    from org_figure
    union all
    select peer_group, 'per_capita' as measure, per_capita_yen as value
    from org_figure
    where per_capita_yen is not null
),

ranked as (
    select peer_group, measure, value,
        row_number() over (partition by peer_group, measure order by value) as rank_no,
        count(*) over (partition by peer_group, measure) as n
    from measure_value
    inner join group_rule using (peer_group)
    where group_rule.published
),

probability as (
    select unnest([0.25, 0.5, 0.75]) as p
),

weighted as (
    -- triangular kernel of half-width 2 around the position h = 1 + (n - 1) p
    select r.peer_group, r.measure, q.p, r.value,
        peer_kernel_weight(r.rank_no, r.n, q.p) as weight
    from ranked as r
    cross join probability as q
),

quantile as (
    select peer_group, measure, p,
        sum(weight * value) / sum(weight) as raw_value,
        count(*) filter (where weight > 0) as mixed
    from weighted
    group by all
),

rounded as (
    -- 3 significant figures; a statistic that somehow mixes fewer than 3 members is dropped
    select peer_group, measure, p,
        peer_round(raw_value, mixed) as value
    from quantile
),

peer as (
    select peer_group,
        any_value(value) filter (where measure = 'ratio' and p = 0.25) as ratio_q1,
        any_value(value) filter (where measure = 'ratio' and p = 0.5) as ratio_median,
        any_value(value) filter (where measure = 'ratio' and p = 0.75) as ratio_q3,
        any_value(value) filter (where measure = 'per_capita' and p = 0.25) as per_capita_q1,
        any_value(value) filter (where measure = 'per_capita' and p = 0.5) as per_capita_median,
        any_value(value) filter (where measure = 'per_capita' and p = 0.75) as per_capita_q3
    from rounded
    group by peer_group
)

select f.org_code, f.peer_group, coalesce(g.published, false) as published,
    f.ratio, f.per_capita_yen,
    p.ratio_q1, p.ratio_median, p.ratio_q3,
    p.per_capita_q1, p.per_capita_median, p.per_capita_q3
from org_figure as f
semi join scoped_org using (org_code)
left join group_rule as g using (peer_group)
left join peer as p using (peer_group)
order by f.org_code
