-- cloud/allocate: rebuild the cloud marts from the current lines, the account map in force,
-- the exchange rates and the population table (cloud_population, loaded just before).
-- Grain: cloud_alloc = one row per line × organization it is allocated to; cloud_unallocated
-- = one row per line no map row claims; cloud_fx_missing = periods × currencies lacking a rate.
-- Parameters: none. Columns: see the create statements below.
-- Rules (README, "Government Cloud bills"):
-- - yen: JPY passes through (rounded to the yen); other currencies × the rate of the JST
--   month of ChargePeriodStart, else of its fiscal year; half away from zero, per line.
-- - an account is matched on SubAccountId first, then BillingAccountId.
-- - 単独: the one organization (method 'direct'). 共同: the tag first (the account's tag key
--   naming one of its organizations, method 'tag'), otherwise the account's basis:
--   population (real population), equal, or usage (in proportion to what the tag gave each
--   organization in that account and month).
-- - a split uses largest-remainder rounding, so the parts sum exactly to the line's yen.
create or replace table cloud_fx_current as
select period, currency, arg_max(yen_per_unit, fx_id) as yen_per_unit,
    arg_max(source, fx_id) as source
from cloud_fx
group by period, currency;

create or replace table cloud_map_current as
select account_id, org_code, system_code, model, basis, tag_key
from cloud_account_map
where map_id = (select max(map_id) from cloud_account_map);

create or replace temp table alloc_line as
with current_line as (
    select l.*
    from cloud_line as l
    semi join cloud_current_key as k using (import_id, billing_account_id, billing_period)
),

dated as (
    select *,
        cast(left(month, 4) as integer) - case when cast(right(month, 2) as integer) < 4 then 1 else 0 end
            as fiscal_year
    from current_line
),

rated as (
    select d.*,
        case when d.billing_currency = 'JPY' then 1 else coalesce(m.yen_per_unit, y.yen_per_unit) end as rate
    from dated as d
    left join cloud_fx_current as m on m.period = d.month and m.currency = d.billing_currency
    left join cloud_fx_current as y on y.period = 'FY' || d.fiscal_year and y.currency = d.billing_currency
),

accounted as (
    select r.*,
        coalesce(s.account_id, b.account_id) as account_id
    from rated as r
    left join (select distinct account_id from cloud_map_current) as s on s.account_id = r.sub_account_id
    left join (select distinct account_id from cloud_map_current) as b on b.account_id = r.billing_account_id
)

select row_number() over () as line_id, *,
    cast(round(billed * rate) as bigint) as billed_yen,
    cast(round(effective * rate) as bigint) as effective_yen,
    cast(round(list * rate) as bigint) as list_yen,
    cast(round(contracted * rate) as bigint) as contracted_yen
from accounted;

create or replace table cloud_fx_missing as
select distinct month as period, billing_currency as currency
from alloc_line
where rate is null;

create or replace table cloud_unallocated as
select billing_account_id, sub_account_id, month, fiscal_year, invoice_id, service_name,
    billed_yen, effective_yen, 'unmapped' as reason
from alloc_line
where account_id is null and rate is not null;

-- Who shares each line, and with what weight.
create or replace temp table alloc_share as
with mapped as (
    select l.line_id, l.account_id, l.month, l.tag_orgs, l.billed_yen,
        any_value(m.model) as model, any_value(m.basis) as basis, any_value(m.tag_key) as tag_key
    from alloc_line as l
    inner join cloud_map_current as m using (account_id)
    where l.rate is not null
    group by all
),

tagged as (
    select *,
        case when tag_key is not null and tag_orgs is not null
            then json_extract_string(tag_orgs, '$."' || tag_key || '"') end as tag_org
    from mapped
),

decided as (
    select t.*,
        case
            when t.model = '単独' then 'direct'
            when exists (select 1 from cloud_map_current as m
                         where m.account_id = t.account_id and m.org_code = t.tag_org) then 'tag'
            else t.basis
        end as method
    from tagged as t
),

tag_usage as (
    select account_id, month, tag_org as org_code, sum(billed_yen) as usage_yen
    from decided
    where method = 'tag'
    group by all
),

participant as (
    select d.line_id, d.method, d.basis, d.tag_key, m.org_code, m.system_code,
        case
            when d.method = 'direct' then 1
            when d.method = 'tag' then case when m.org_code = d.tag_org then 1 else 0 end
            when d.method = 'equal' then 1
            when d.method = 'population' then p.population
            when d.method = 'usage' then greatest(coalesce(u.usage_yen, 0), 0)
            else 0
        end as weight
    from decided as d
    inner join cloud_map_current as m using (account_id)
    left join cloud_population as p on p.org_code = m.org_code
    left join tag_usage as u on u.account_id = d.account_id and u.month = d.month and u.org_code = m.org_code
)

select *, sum(weight) over (partition by line_id) as total_weight
from participant;

create or replace table cloud_unallocated as
select * from cloud_unallocated
union all
select l.billing_account_id, l.sub_account_id, l.month, l.fiscal_year, l.invoice_id, l.service_name,
    l.billed_yen, l.effective_yen,
    case when any_value(s.method) = 'tag' or any_value(s.method) is null then 'no_tag' else 'no_weight' end
from alloc_line as l
inner join alloc_share as s using (line_id)
group by all
having max(s.total_weight) <= 0;

create or replace table cloud_alloc as
with share as (
    select * from alloc_share where total_weight > 0 and weight > 0
),

amount as (
    select s.line_id, s.org_code, s.system_code, s.method, s.basis, s.tag_key, s.weight, s.total_weight,
        u.name, u.yen
    from share as s
    inner join alloc_line as l using (line_id)
    cross join lateral (
        select * from (values ('billed', l.billed_yen), ('effective', l.effective_yen),
                              ('list', l.list_yen), ('contracted', l.contracted_yen)) as v(name, yen)
    ) as u
),

floored as (
    select *,
        (((cast(yen as hugeint) * weight) % total_weight) + total_weight) % total_weight as remainder
    from amount
),

based as (
    select *, (cast(yen as hugeint) * weight - remainder) // total_weight as base
    from floored
),

ranked as (
    select *,
        yen - sum(base) over (partition by line_id, name) as units_left,
        row_number() over (partition by line_id, name order by remainder desc, org_code) as remainder_rank
    from based
),

split as (
    select line_id, org_code, system_code, method, basis, tag_key, weight, total_weight, name,
        cast(base + case when remainder_rank <= units_left then 1 else 0 end as bigint) as yen
    from ranked
),

pivoted as (
    select line_id, org_code, system_code, method, basis, tag_key, weight, total_weight,
        sum(yen) filter (where name = 'billed') as billed_yen,
        sum(yen) filter (where name = 'effective') as effective_yen,
        sum(yen) filter (where name = 'list') as list_yen,
        sum(yen) filter (where name = 'contracted') as contracted_yen
    from split
    group by all
)

select p.org_code, p.system_code, l.month, l.fiscal_year, l.billing_account_id, l.sub_account_id,
    l.invoice_id, l.billing_currency, l.service_category, l.service_name, l.charge_category,
    l.charge_class, l.commitment_status,
    cast(p.billed_yen as bigint) as billed_yen, cast(p.effective_yen as bigint) as effective_yen,
    cast(p.list_yen as bigint) as list_yen, cast(p.contracted_yen as bigint) as contracted_yen,
    p.method as x_AllocatedMethodId,
    to_json({basis: p.basis, tag_key: p.tag_key, weight: p.weight, total_weight: p.total_weight,
             account_id: l.account_id}) as x_AllocatedMethodDetails,
    to_json({org_code: p.org_code, system_code: p.system_code}) as x_AllocatedTags
from pivoted as p
inner join alloc_line as l using (line_id);

-- Resources of an organization: those of its own (単独) accounts and those a tag gives it in
-- a shared account. Resources split by population, usage or equally are not listed per
-- organization (their cost is in cloud_alloc).
create or replace table cloud_resource_alloc as
with current_resource as (
    select r.*
    from cloud_resource as r
    semi join cloud_current_key as k using (import_id, billing_account_id, billing_period)
),

placed as (
    select r.*,
        cast(left(r.month, 4) as integer) - case when cast(right(r.month, 2) as integer) < 4 then 1 else 0 end
            as fiscal_year,
        coalesce(s.account_id, b.account_id) as account_id
    from current_resource as r
    left join (select distinct account_id from cloud_map_current) as s on s.account_id = r.sub_account_id
    left join (select distinct account_id from cloud_map_current) as b on b.account_id = r.billing_account_id
),

owned as (
    select p.*, m.org_code, m.model, m.tag_key
    from placed as p
    inner join cloud_map_current as m using (account_id)
    where m.model = '単独'
        or m.org_code = json_extract_string(p.tag_orgs, '$."' || m.tag_key || '"')
)

select o.org_code, o.fiscal_year, o.month, o.resource_id, any_value(o.resource_name) as resource_name,
    any_value(o.service_name) as service_name,
    sum(cast(round(o.billed * case when o.billing_currency = 'JPY' then 1
        else coalesce(m.yen_per_unit, y.yen_per_unit) end) as bigint)) as billed_yen
from owned as o
left join cloud_fx_current as m on m.period = o.month and m.currency = o.billing_currency
left join cloud_fx_current as y on y.period = 'FY' || o.fiscal_year and y.currency = o.billing_currency
group by o.org_code, o.fiscal_year, o.month, o.resource_id;

drop table alloc_share;
drop table alloc_line;
