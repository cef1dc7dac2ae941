-- scenario/subsidy_cap: デジタル基盤改革支援補助金 cap used and remaining for the scope: each
-- organization's cap (the largest stated on its subsidy rows) against what it received.
-- Grain: one row.
-- Parameters: $pref_code, $org_code (the scope).
-- Columns: orgs, cap_yen, used_yen, remaining_yen, orgs_over_cap
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

per_org as (
    select f.org_code, max(f.cap_yen)::bigint as cap_yen, sum(f.amount_yen)::bigint as used_yen
    from stg_funding_current as f
    semi join scoped_org using (org_code)
    where f.source = 'subsidy'
    group by f.org_code
)

select count(*) as orgs,
    coalesce(sum(cap_yen), 0)::bigint as cap_yen,
    coalesce(sum(used_yen), 0)::bigint as used_yen,
    coalesce(sum(greatest(cap_yen - used_yen, 0)), 0)::bigint as remaining_yen,
    count(*) filter (where used_yen > cap_yen) as orgs_over_cap
from per_org
