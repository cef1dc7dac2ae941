-- metrics/data_status: what the database holds, for the page header and the demo notice.
-- Grain: one row. Parameters: none.
-- Columns: is_demo (any live demo batch), batches, latest_fy (newest fiscal year with a
--   matched pair). No import time: the newest import anywhere would tell every user when other
--   organizations imported; metrics/data_as_of gives a scope's own.
select
    exists (select 1 from batch where kind = 'demo' and rolled_back_at is null) as is_demo,
    (select count(*) from batch) as batches,
    (select max(fiscal_year) from mart_org_year) as latest_fy
