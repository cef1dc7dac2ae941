-- staging/funding_current: the current revision of every funding figure (issue 13).
-- Grain: one row per organization × fiscal year × source × operation ('' = not tied to one).
-- Parameters: none (a view, created by store.create_views).
-- Columns: org_code, fiscal_year, source, system_code, amount_yen, cap_yen, note, batch_id.
-- The current revision is the newest batch that is not rolled back.
create or replace view stg_funding_current as
with live_batch as (
    select batch_id from batch where rolled_back_at is null
),

ranked as (
    select f.*,
        row_number() over (
            partition by f.org_code, f.fiscal_year, f.source, f.system_code
            order by f.batch_id desc
        ) as revision_rank
    from funding_fact as f
    semi join live_batch using (batch_id)
)

select org_code, fiscal_year, source, system_code, amount_yen, cap_yen, note, batch_id
from ranked
where revision_rank = 1
;
