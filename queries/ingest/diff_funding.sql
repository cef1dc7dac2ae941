-- ingest/diff_funding: classify (into temp table `diffed`) the rows of an incoming funding file.
-- Grain: one row per incoming row (`incoming`). Parameters: none.
-- Columns: the incoming columns plus effect ('new' | 'revised' | 'unchanged').
create or replace temp table diffed as
select i.org_code, i.fiscal_year, i.source, i.system_code, i.amount_yen, i.cap_yen, i.note,
    case
        when c.amount_yen is null then 'new'
        when c.amount_yen = i.amount_yen and c.cap_yen is not distinct from i.cap_yen then 'unchanged'
        else 'revised'
    end as effect
from incoming as i
left join stg_funding_current as c
    using (org_code, fiscal_year, source, system_code)
