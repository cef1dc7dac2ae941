-- marts/status: the current migration status of each organization × operation.
-- Grain: one row per organization × operation with a migration status.
-- Columns: org_code, system_code, status (migrated | migrating | delayed), planned_fy
-- Parameters: none (rebuilt for the organizations in refresh_status_org).
create table if not exists mart_status (
    org_code varchar,
    system_code varchar,
    status varchar,
    planned_fy smallint
);

delete from mart_status where org_code in (select org_code from refresh_status_org);

insert into mart_status
select org_code, system_code, status, planned_fy
from scoped_status_current
order by org_code, system_code;
