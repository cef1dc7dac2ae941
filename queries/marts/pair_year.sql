-- marts/pair_year: C(o,s,y) on the best basis, with B(o,s), per organization × operation ×
-- fiscal year (docs/metrics.md, "Baseline and current", "Basis"). The first mart rebuilt:
-- the others read it.
-- Grain: one row per organization × operation × fiscal year with any cost figure.
-- Columns: org_code, system_code, fiscal_year, basis (actual | budget | estimate: the best
--   present, 実績 > 予算 > 見積, never a mix), current_yen, baseline_yen (FY2018 actuals,
--   null when there are none), matched (baseline_yen is not null)
-- Rebuilt for the organization-years in refresh_key (marts/scope_changed.sql or
-- marts/scope_all.sql) from the temp views scoped_cost_current and scoped_baseline_cost.
-- Parameters: none.
create table if not exists mart_pair_year (
    org_code varchar,
    system_code varchar,
    fiscal_year smallint,
    basis varchar,
    current_yen bigint,
    baseline_yen bigint,
    matched boolean
);

delete from mart_pair_year as m using refresh_key as k
where m.org_code = k.org_code and m.fiscal_year = k.fiscal_year;

insert into mart_pair_year
with pair_year_basis as (
    select org_code, system_code, fiscal_year, basis,
        sum(amount_yen)::bigint as amount_yen,
        case basis when 'actual' then 1 when 'budget' then 2 else 3 end as basis_rank
    from scoped_cost_current
    group by all
),

best_basis as (
    select *
    from pair_year_basis
    qualify row_number() over (
        partition by org_code, system_code, fiscal_year order by basis_rank
    ) = 1
),

baseline as (
    -- FY2018 actuals whether or not FY2018 is in scope: they decide `matched` every year
    select org_code, system_code, sum(amount_yen)::bigint as baseline_yen
    from scoped_baseline_cost
    group by all
)

select
    b.org_code, b.system_code, b.fiscal_year, b.basis,
    b.amount_yen as current_yen,
    bl.baseline_yen,
    bl.baseline_yen is not null as matched
from best_basis as b
left join baseline as bl using (org_code, system_code)
order by b.org_code, b.system_code, b.fiscal_year;
