-- scenario/pair_years: the stored figures a scenario starts from, one row per matched
-- organization × operation × fiscal year, items as columns (dense input for the compute module).
-- Grain: one row per matched pair-year in the scope, FY$first_fy–FY$last_fy.
-- Parameters: $pref_code, $org_code (the scope), $first_fy, $last_fy.
-- Columns: org_code, system_code, fiscal_year, baseline_yen (FY2018 actual of the pair),
--   then one current column per cost item: sw_lease_yen … outsourcing_yen (0 when absent).
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

pair_year as (
    select p.org_code, p.system_code, p.fiscal_year, p.baseline_yen
    from mart_pair_year as p
    semi join scoped_org using (org_code)
    where p.matched and p.fiscal_year between $first_fy and $last_fy
),

items as (
    select i.org_code, i.system_code, i.fiscal_year,
        sum(i.current_yen) filter (where i.item_key = 'sw_lease') as sw_lease_yen,
        sum(i.current_yen) filter (where i.item_key = 'sw_maint') as sw_maint_yen,
        sum(i.current_yen) filter (where i.item_key = 'hw_lease') as hw_lease_yen,
        sum(i.current_yen) filter (where i.item_key = 'hw_maint') as hw_maint_yen,
        sum(i.current_yen) filter (where i.item_key = 'datacenter') as datacenter_yen,
        sum(i.current_yen) filter (where i.item_key = 'network') as network_yen,
        sum(i.current_yen) filter (where i.item_key = 'gc_usage') as gc_usage_yen,
        sum(i.current_yen) filter (where i.item_key = 'gc_network') as gc_network_yen,
        sum(i.current_yen) filter (where i.item_key = 'ops_work') as ops_work_yen,
        sum(i.current_yen) filter (where i.item_key = 'hw_work') as hw_work_yen,
        sum(i.current_yen) filter (where i.item_key = 'gc_ops') as gc_ops_yen,
        sum(i.current_yen) filter (where i.item_key = 'outsourcing') as outsourcing_yen
    from mart_pair_item_year as i
    semi join scoped_org using (org_code)
    where i.fiscal_year between $first_fy and $last_fy
    group by i.org_code, i.system_code, i.fiscal_year
)

select p.org_code, p.system_code, p.fiscal_year, p.baseline_yen,
    coalesce(i.sw_lease_yen, 0)::bigint as sw_lease_yen,
    coalesce(i.sw_maint_yen, 0)::bigint as sw_maint_yen,
    coalesce(i.hw_lease_yen, 0)::bigint as hw_lease_yen,
    coalesce(i.hw_maint_yen, 0)::bigint as hw_maint_yen,
    coalesce(i.datacenter_yen, 0)::bigint as datacenter_yen,
    coalesce(i.network_yen, 0)::bigint as network_yen,
    coalesce(i.gc_usage_yen, 0)::bigint as gc_usage_yen,
    coalesce(i.gc_network_yen, 0)::bigint as gc_network_yen,
    coalesce(i.ops_work_yen, 0)::bigint as ops_work_yen,
    coalesce(i.hw_work_yen, 0)::bigint as hw_work_yen,
    coalesce(i.gc_ops_yen, 0)::bigint as gc_ops_yen,
    coalesce(i.outsourcing_yen, 0)::bigint as outsourcing_yen
from pair_year as p
left join items as i using (org_code, system_code, fiscal_year)
order by p.org_code, p.system_code, p.fiscal_year
