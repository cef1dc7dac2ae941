-- estimate/tables: the tables of the estimate review, created on first use (idempotent), so
-- that databases built before the review existed gain them on the first save.
-- Parameters: none.
-- Grains:
--   estimate_correction  one row per saved mapping correction (newest per owner × pattern wins);
--                        owner = an org_code, or 'national' for the national dictionary
--   estimate_review      one row per review the user confirmed (saved); share_opt_in: the
--                        owner lets its lines enter peers' aggregates (never row by row)
--   estimate_line        one row per counted line of a saved review, after mapping
create table if not exists estimate_correction (
    owner varchar not null,
    pattern varchar not null,
    description varchar not null,
    item_key varchar,
    system_code varchar,
    saved_at timestamp not null,
    saved_by varchar
);

create table if not exists estimate_review (
    review_id integer primary key,
    org_code varchar not null check (length(org_code) = 6),
    file_name varchar not null,
    file_sha256 varchar not null,
    rules_version varchar not null,
    saved_at timestamp not null,
    saved_by varchar,
    share_opt_in boolean not null,
    annual_total_yen bigint not null,
    batch_id integer
);

create table if not exists estimate_line (
    review_id integer not null,
    sheet varchar not null,
    row_number integer not null,
    description varchar,
    item_key varchar,
    system_code varchar,
    unit varchar,
    unit_price_yen bigint,
    quantity double,
    months integer,
    amount_yen bigint,
    annual_yen bigint
);
