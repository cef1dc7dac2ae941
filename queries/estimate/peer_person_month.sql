-- estimate/peer_person_month: the person-month (人月) prices other organizations received,
-- from saved reviews whose owners opted in to sharing (R07). One price per organization
-- (the median of the 人月 lines of its latest shared review), then the same disclosure
-- control as the peer charts (pages/peer_stats.sql): at least 5 organizations, none above
-- 50% of the sum, a triangular-kernel 75th percentile mixing at least 3 of them, 3
-- significant figures, no member count. The organization under review is left out.
-- Nationwide: a person-month price does not scale with population.
-- Grain: one row. Parameters: $org_code.
-- Columns: published, q75_yen (null unless published)
with latest as (
    select review_id, org_code
    from estimate_review
    where share_opt_in and org_code <> $org_code
    qualify row_number() over (partition by org_code order by saved_at desc, review_id desc) = 1
),

member as (
    select r.org_code, median(l.unit_price_yen) as value
    from estimate_line as l
    inner join latest as r using (review_id)
    where l.unit like '%人月%' and l.unit_price_yen > 0
    group by r.org_code
),

rule as (
    select coalesce(peer_publishable(count(*), value), false) as published
    from member
),

ranked as (
    select value, row_number() over (order by value) as rank_no, count(*) over () as n
    from member
),

weighted as (
    select value, peer_kernel_weight(rank_no, n, 0.75) as weight
    from ranked
),

quantile as (
    select sum(weight * value) / sum(weight) as raw_value, count(*) filter (where weight > 0) as mixed
    from weighted
)

select rule.published,
    case when rule.published then peer_round(quantile.raw_value, quantile.mixed) end as q75_yen
from rule
cross join quantile
