-- marts/create: the summary tables that pages read, created empty with the database.
-- marts/refresh.sql fills them for the organizations listed in the temp table
-- `refresh_org` (every organization on a full rebuild, only those an import or rollback
-- touched otherwise). Every mart is keyed by org_code first, so an organization's rows
-- can be rebuilt without touching anyone else's.
-- Parameters: none. Grains: see marts/refresh.sql.

create table mart_pair_year (
    org_code varchar,
    system_code varchar,
    fiscal_year smallint,
    basis varchar,
    current_yen bigint,
    baseline_yen bigint,
    matched boolean
);

create table mart_pair_item_year (
    org_code varchar,
    system_code varchar,
    fiscal_year smallint,
    item_key varchar,
    baseline_yen bigint,
    current_yen bigint
);

create table mart_driver_pair_year (
    org_code varchar,
    system_code varchar,
    fiscal_year smallint,
    driver_code varchar,
    amount_yen bigint
);

create table mart_org_year (
    org_code varchar,
    fiscal_year smallint,
    baseline_yen bigint,
    current_yen bigint,
    pairs_matched bigint,
    pairs_projected bigint,
    pairs_with_baseline bigint,
    attributed_yen bigint
);

create table mart_org_item_year (
    org_code varchar,
    fiscal_year smallint,
    item_key varchar,
    baseline_yen bigint,
    current_yen bigint
);

create table mart_org_driver_year (
    org_code varchar,
    fiscal_year smallint,
    driver_code varchar,
    amount_yen bigint
);

create table mart_status (
    org_code varchar,
    system_code varchar,
    status varchar,
    planned_fy smallint
);
