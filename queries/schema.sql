-- schema.sql: the tables of the Sanwari store and their constraints.
-- Dimensions come from data/reference/*.csv. Facts are revisions: every import is a
-- batch, and a figure imported again is a new row with a newer batch_id. The current
-- value of a key is its row from the newest batch that is not rolled back
-- (staging/*_current.sql). Marts (marts/refresh.sql) are rebuilt after every write.

create table meta (
    key varchar primary key,
    value varchar not null
);

create table organization (
    org_code varchar primary key check (length(org_code) = 6),
    pref_code varchar not null check (length(pref_code) = 2),
    pref_name varchar not null,
    name varchar not null,
    kind varchar not null check (kind in ('都道府県', '政令指定都市', '中核市', '市', '特別区', '町', '村')),
    population bigint not null check (population >= 0),
    population_synthetic boolean not null,
    peer_group varchar
);

create table system (
    system_code varchar primary key,
    system_key varchar not null unique,
    name_ja varchar not null,
    name_en varchar not null,
    owner_ja varchar not null,
    prefecture_runs boolean not null
);

create table cost_item (
    item_key varchar primary key,
    sort_order integer not null,
    group_ja varchar not null,
    group_en varchar not null,
    name_ja varchar not null,
    short_name_ja varchar not null,
    name_en varchar not null,
    new_after_migration boolean not null,
    software_related boolean not null
);

create table driver (
    driver_code varchar primary key,
    sort_order integer not null,
    group_key varchar not null,
    group_ja varchar not null,
    group_en varchar not null,
    is_countermeasure boolean not null,
    name_ja varchar not null,
    name_en varchar not null
);

create table countermeasure_map (
    factor_code varchar not null references driver (driver_code),
    measure_code varchar not null references driver (driver_code),
    primary key (factor_code, measure_code)
);

-- One row per import (or demo build). rows_* count the file's rows by effect.
create table batch (
    batch_id integer primary key,
    kind varchar not null check (kind in ('demo', 'costs', 'drivers', 'status', 'funding', 'events')),
    file_name varchar not null,
    file_sha256 varchar not null,
    imported_at timestamp not null,
    imported_by varchar,
    rows_new integer not null default 0,
    rows_revised integer not null default 0,
    rows_unchanged integer not null default 0,
    rolled_back_at timestamp,
    rolled_back_by varchar
);

-- Foreign keys on the fact tables are left out on purpose: DuckDB checks them row by
-- row on insert, which costs minutes on the demo's millions of rows. The importer
-- validates every code, and tests/test_invariants.py checks the references.

-- Grain: one row per revision of organization × fiscal year × operation × cost item × basis.
create table cost_fact (
    batch_id integer not null,
    org_code varchar not null,
    fiscal_year smallint not null,
    system_code varchar not null,
    item_key varchar not null,
    basis varchar not null check (basis in ('actual', 'budget', 'estimate')),
    amount_yen bigint not null check (amount_yen >= 0),
    note varchar
);

-- Grain: one row per revision of organization × fiscal year × operation × driver.
create table driver_fact (
    batch_id integer not null,
    org_code varchar not null,
    fiscal_year smallint not null,
    system_code varchar not null,
    driver_code varchar not null,
    amount_yen bigint not null,
    note varchar
);

-- Grain: one row per revision of organization × operation.
create table status_fact (
    batch_id integer not null,
    org_code varchar not null,
    system_code varchar not null,
    status varchar not null check (status in ('migrated', 'migrating', 'delayed')),
    planned_fy smallint,
    note varchar
);

-- Funding (issue 13): what reaches an organization towards its system costs.
-- Grain: one row per revision of organization × fiscal year × source × operation
-- (system_code '' when the funding is not tied to one operation). cap_yen: the subsidy's
-- cap for that organization, when the source has one.
create table funding_fact (
    batch_id integer not null,
    org_code varchar not null,
    fiscal_year smallint not null,
    source varchar not null check (source in ('subsidy', 'special_grant', 'ordinary_grant', 'other')),
    system_code varchar not null,
    amount_yen bigint not null check (amount_yen >= 0),
    cap_yen bigint check (cap_yen >= 0),
    note varchar
);

-- Timeline events (issue 13): milestones shown as markers on trajectory and scenario charts.
-- Grain: one row per revision of scope × date (or fiscal year) × Japanese title.
-- scope: 'national', 'pref:NN' or 'org:CODE'; event_date may be null when only the fiscal
-- year is known (the marker then sits at the start of that year).
create table event_fact (
    batch_id integer not null,
    scope varchar not null,
    event_date date,
    fiscal_year smallint not null,
    kind varchar not null check (kind in ('spec_revision', 'price_change', 'exchange_rate', 'policy', 'note')),
    title_ja varchar not null,
    title_en varchar not null,
    note varchar
);

-- Saved scenarios (issue 13): immutable; an edit inserts a new version with the same
-- series_id. scope is the scope the levers were set for ('national', 'pref:NN', 'org:CODE').
create table scenario_saved (
    scenario_id integer primary key,
    series_id integer not null,
    version integer not null,
    name varchar not null,
    scope varchar not null,
    levers_json varchar not null,
    author varchar not null,
    created_at timestamp not null,
    note varchar,
    unique (series_id, version)
);

-- Countermeasure effects used by the measures lever, seeded from
-- data/reference/measure_effects.csv; a national user's edit appends a row (newest wins).
create table measure_effect (
    measure_code varchar not null,
    effect_rate double not null check (effect_rate >= 0 and effect_rate <= 1),
    changed_at timestamp not null,
    changed_by varchar not null,
    note varchar
);
