-- estimate/peer_person_month: the person-month (人月) prices other organizations received,
-- from saved reviews whose owners opted in to sharing, as aggregates only: one price per
-- organization (the median of its latest shared review's 人月 lines), then quantiles over
-- organizations, withheld unless at least $min_members organizations contribute. The
-- organization under review is left out. Nationwide: person-month prices do not depend on
-- population the way per-resident costs do.
-- Grain: one row. Parameters: $org_code, $min_members.
-- Columns: members, q75_yen (null when members < $min_members)
with latest as (
    select review_id, org_code
    from estimate_review
    where share_opt_in and org_code <> $org_code
    qualify row_number() over (partition by org_code order by saved_at desc, review_id desc) = 1
),

org_price as (
    select r.org_code, median(l.unit_price_yen) as price_yen
    from estimate_line as l
    inner join latest as r using (review_id)
    where l.unit like '%人月%' and l.unit_price_yen > 0
    group by r.org_code
)

select count(*) as members,
    case when count(*) >= $min_members then quantile_cont(price_yen, 0.75) end as q75_yen
from org_price
