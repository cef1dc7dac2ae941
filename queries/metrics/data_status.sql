-- metrics/data_status: what the database holds, for the page header and the demo notice.
-- Grain: one row. Parameters: none.
-- Columns: is_demo (any live demo batch), data_as_of (time of the newest live batch),
--   batches, latest_fy (newest fiscal year with a matched pair)
select
    exists (select 1 from batch where kind = 'demo' and rolled_back_at is null) as is_demo,
    (select max(imported_at) from batch where rolled_back_at is null) as data_as_of,
    (select count(*) from batch) as batches,
    (select max(fiscal_year) from mart_org_year) as latest_fy
