-- cloud/schema: the tables of the Government Cloud bills (FOCUS), created on first use so
-- that databases built before them gain them at their first cloud import.
-- The raw FOCUS rows are not here: they are Parquet files beside the database
-- (<db stem>.focus/import_id=N/billing_period=YYYY-MM/*.parquet), read through the table
-- macro cloud_raw(root). What lives here: the imports and their history, the monthly lines
-- folded from the raw rows, the account map, the exchange rates, the invoice amounts, and
-- the marts rebuilt by cloud/allocate.sql.

-- One row per FOCUS file imported. A rolled-back import keeps its row (history); its
-- Parquet directory is removed.
create table if not exists cloud_import (
    import_id integer primary key,
    file_name varchar not null,
    file_sha256 varchar not null,
    focus_version varchar not null,
    row_count bigint not null,
    imported_at timestamp not null,
    imported_by varchar,
    rolled_back_at timestamp,
    rolled_back_by varchar
);

-- The billing account × billing period pairs an import holds. The current data of a pair
-- is that of its newest live import: a restatement is a newer import of the same pair.
create table if not exists cloud_import_key (
    import_id integer not null,
    billing_account_id varchar not null,
    billing_period varchar not null,
    row_count bigint not null,
    primary key (import_id, billing_account_id, billing_period)
);

-- Grain: import × account × JST month of ChargePeriodStart × currency × invoice × service ×
-- charge category/class × commitment status × organization-valued tags. Amounts in the
-- billing currency, as the file gives them.
create table if not exists cloud_line (
    import_id integer not null,
    billing_account_id varchar not null,
    billing_period varchar not null,
    sub_account_id varchar,
    month varchar not null,
    billing_currency varchar not null,
    invoice_id varchar,
    service_category varchar,
    service_name varchar,
    charge_category varchar not null,
    charge_class varchar,
    commitment_status varchar,
    tag_orgs varchar,
    billed decimal(38, 10) not null,
    effective decimal(38, 10) not null,
    list decimal(38, 10) not null,
    contracted decimal(38, 10) not null,
    row_count bigint not null
);

-- Grain: import × account × JST month × resource (for the top resources of an organization).
create table if not exists cloud_resource (
    import_id integer not null,
    billing_account_id varchar not null,
    billing_period varchar not null,
    sub_account_id varchar,
    month varchar not null,
    billing_currency varchar not null,
    resource_id varchar not null,
    resource_name varchar,
    service_name varchar,
    tag_orgs varchar,
    billed decimal(38, 10) not null
);

-- Account map imports: the newest one (by map_id) is in force; older ones stay as history.
create table if not exists cloud_account_map (
    map_id integer not null,
    account_id varchar not null,
    org_code varchar not null,
    system_code varchar,
    model varchar not null check (model in ('単独', '共同')),
    basis varchar check (basis in ('tag', 'usage', 'population', 'equal')),
    tag_key varchar,
    file_name varchar not null,
    imported_at timestamp not null
);

-- Exchange rates: yen per unit of a currency for a month ('YYYY-MM', JST) or a fiscal year
-- ('FY2026'); a month's rate overrides its year's. The newest import of a key wins.
create table if not exists cloud_fx (
    fx_id integer not null,
    period varchar not null,
    currency varchar not null,
    yen_per_unit decimal(18, 6) not null,
    source varchar,
    imported_at timestamp not null
);

-- Invoice or 納付 amounts to reconcile with BilledCost per InvoiceId (newest import wins).
create table if not exists cloud_invoice (
    invoice_batch integer not null,
    invoice_id varchar not null,
    amount_yen bigint not null,
    source varchar,
    imported_at timestamp not null
);

-- Marts (rebuilt by cloud/allocate.sql after every cloud write).
-- cloud_alloc: integer yen per organization × operation × month × ... with the allocation
-- recorded in x_ columns shaped like FOCUS 1.3's Allocated* columns.
-- cloud_unallocated: what no map row claims, never dropped.
