-- marts/org_batch: which batches hold a row of which organization, so that "data as of" for a
-- scope (metrics/data_as_of.sql) reads a few thousand rows instead of every fact row (it
-- scanned 4 M cost rows for the national page: 67 ms median at 1x, over the 30 ms query
-- target of `make bench`).
-- Grain: one row per organization × batch with at least one cost, driver, status or funding row.
-- Parameters: none. Columns: org_code, batch_id.
-- Facts are append-only and a batch is written whole by one writer, so a batch's pairs never
-- change once recorded: each refresh adds the pairs of the batches not yet recorded. A rollback
-- only marks the batch (batch.rolled_back_at), which the reading query checks.
create table if not exists mart_org_batch (
    org_code varchar,
    batch_id integer
);

insert into mart_org_batch
with new_batch as (
    select batch_id
    from batch
    anti join (select distinct batch_id from mart_org_batch) using (batch_id)
),

fact_pair as (
    select org_code, batch_id from cost_fact semi join new_batch using (batch_id)
    union
    select org_code, batch_id from driver_fact semi join new_batch using (batch_id)
    union
    select org_code, batch_id from status_fact semi join new_batch using (batch_id)
    union
    select org_code, batch_id from funding_fact semi join new_batch using (batch_id)
)

select org_code, batch_id
from fact_pair
order by batch_id, org_code;
