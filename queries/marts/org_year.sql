-- marts/org_year: one organization in one fiscal year, with every per-organization rule of
-- docs/metrics.md decided here and nowhere else: over_baseline, on_target, target_yen,
-- basis and the peer group. Pages and metrics count and show these columns.
-- Grain: one row per organization × fiscal year with at least one matched pair.
-- Columns: org_code, fiscal_year, baseline_yen (Σ B), current_yen (Σ C), pairs_matched,
--   pairs_projected (matched pairs on a budget or estimate), pairs_with_baseline (over
--   every year), attributed_yen (Σ drivers), ratio (Σ C / Σ B; null when Σ B = 0),
--   over_baseline (ratio > 1), on_target (ratio ≤ 0.7, in integers: 10·ΣC ≤ 7·ΣB),
--   target_yen (floor(0.7 ΣB)), basis (actual | projected), peer_group
-- An organization whose matched baseline is 0 has no ratio: it is reporting, but neither
-- over baseline nor on target.
-- Parameters: none (the scope is in refresh_key; constants in `setting`).
create table if not exists mart_org_year (
    org_code varchar,
    fiscal_year smallint,
    baseline_yen bigint,
    current_yen bigint,
    pairs_matched bigint,
    pairs_projected bigint,
    pairs_with_baseline bigint,
    attributed_yen bigint,
    ratio double,
    over_baseline boolean,
    on_target boolean,
    target_yen bigint,
    basis varchar,
    peer_group varchar
);

delete from mart_org_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;

insert into mart_org_year
with scoped_pair_year as (
    select *
    from mart_pair_year
    semi join refresh_key using (org_code, fiscal_year)
    where matched
),

pairs_with_baseline as (
    -- over every year of the organization, not only the years in scope
    select org_code, count(distinct system_code) as pairs_with_baseline
    from mart_pair_year
    where matched and org_code in (select org_code from refresh_org)
    group by org_code
),

attributed as (
    select org_code, fiscal_year, sum(amount_yen)::bigint as attributed_yen
    from mart_driver_pair_year
    semi join refresh_key using (org_code, fiscal_year)
    group by all
),

org_year as (
    select
        p.org_code, p.fiscal_year,
        sum(p.baseline_yen)::bigint as baseline_yen,
        sum(p.current_yen)::bigint as current_yen,
        count(*) as pairs_matched,
        count(*) filter (where p.basis <> 'actual') as pairs_projected,
        any_value(w.pairs_with_baseline) as pairs_with_baseline,
        coalesce(any_value(a.attributed_yen), 0)::bigint as attributed_yen
    from scoped_pair_year as p
    inner join pairs_with_baseline as w using (org_code)
    left join attributed as a using (org_code, fiscal_year)
    group by p.org_code, p.fiscal_year
)

select y.*,
    case when y.baseline_yen > 0 then y.current_yen / y.baseline_yen end as ratio,
    y.baseline_yen > 0 and y.current_yen > y.baseline_yen as over_baseline,
    y.baseline_yen > 0
        and s.target_keep_den * y.current_yen <= s.target_keep_num * y.baseline_yen as on_target,
    target_yen(y.baseline_yen) as target_yen,
    basis_label(y.pairs_projected) as basis,
    o.peer_group
from org_year as y
inner join organization as o using (org_code)
cross join setting as s
order by y.org_code, y.fiscal_year;
