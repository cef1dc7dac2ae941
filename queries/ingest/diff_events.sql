-- ingest/diff_events: classify (into temp table `diffed`) the rows of an incoming events file.
-- Grain: one row per incoming row (`incoming`). Parameters: none.
-- Columns: the incoming columns plus effect ('new' | 'revised' | 'unchanged').
create or replace temp table diffed as
select i.scope, i.event_date, i.fiscal_year, i.kind, i.title_ja, i.title_en, i.note,
    case
        when c.title_ja is null then 'new'
        when c.kind = i.kind and c.title_en = i.title_en
            and c.note is not distinct from i.note then 'unchanged'
        else 'revised'
    end as effect
from incoming as i
left join stg_event_current as c
    on c.scope = i.scope and c.fiscal_year = i.fiscal_year
    and c.event_date is not distinct from i.event_date and c.title_ja = i.title_ja
