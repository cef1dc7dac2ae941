-- ingest/diff_status: classify (into temp table `diffed`) the rows of an incoming migration-status file.
-- Grain: one row per incoming row (`incoming`). Parameters: none.
-- Columns: the incoming columns plus effect ('new' | 'revised' | 'unchanged').
create or replace temp table diffed as
select i.org_code, i.system_code, i.status, i.planned_fy, i.note,
    case
        when c.status is null then 'new'
        when c.status = i.status and c.planned_fy is not distinct from i.planned_fy then 'unchanged'
        else 'revised'
    end as effect
from incoming as i
left join stg_status_current as c
    using (org_code, system_code)
