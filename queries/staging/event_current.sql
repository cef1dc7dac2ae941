-- staging/event_current: the current revision of every timeline event (issue 13).
-- Grain: one row per scope × fiscal year × date × Japanese title.
-- Parameters: none (a view, created by store.create_views).
-- Columns: scope, event_date, fiscal_year, kind, title_ja, title_en, note, batch_id.
create or replace view stg_event_current as
with live_batch as (
    select batch_id from batch where rolled_back_at is null
),

ranked as (
    select e.*,
        row_number() over (
            partition by e.scope, e.fiscal_year, e.event_date, e.title_ja
            order by e.batch_id desc
        ) as revision_rank
    from event_fact as e
    semi join live_batch using (batch_id)
)

select scope, event_date, fiscal_year, kind, title_ja, title_en, note, batch_id
from ranked
where revision_rank = 1
;
