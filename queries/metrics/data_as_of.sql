-- metrics/data_as_of: when the figures of a scope were last imported, for the page header and
-- the export stamp. Only batches that hold a row of the scope's own organizations count, so a
-- municipality's header never shows when another organization last imported (issue 11).
-- Grain: one row. Parameters: $pref_code, $org_code.
-- Columns: data_as_of (time of the newest live batch with a row in the scope; null if none)
with scoped_org as (
    -- the scope's organizations (queries/scope.sql, the one scope filter)
    select org_code
    from scope_org($pref_code, $org_code)
),

scope_batch as (
    -- marts/org_batch.sql: the batches holding a cost, driver, status or funding row of each
    -- organization
    select distinct batch_id
    from mart_org_batch
    semi join scoped_org using (org_code)
)

select max(b.imported_at) as data_as_of
from batch as b
semi join scope_batch using (batch_id)
where b.rolled_back_at is null
