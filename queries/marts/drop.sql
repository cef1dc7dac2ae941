-- marts/drop: remove every mart, so that the next refresh recreates them with their current
-- columns (store.refresh, when the file's marts_version is older than the code's).
-- Parameters: none.
drop table if exists mart_pair_year;
drop table if exists mart_pair_item_year;
drop table if exists mart_driver_pair_year;
drop table if exists mart_org_year;
drop table if exists mart_org_item_year;
drop table if exists mart_org_driver_year;
drop table if exists mart_status;
drop table if exists mart_org_batch;
