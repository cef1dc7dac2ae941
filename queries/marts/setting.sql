-- marts/setting: the constants of the target, stored for the SQL. Their one source is
-- dashboard/config.py (BASELINE_FY, TARGET_RATE, PEER_MIN_MEMBERS); store.refresh binds
-- them here before every mart rebuild, so SQL and Python cannot disagree.
-- Grain: one row.
-- Parameters: $baseline_fy, $target_keep_num, $target_keep_den (the share of the baseline
--   that meets the target, 1 - TARGET_RATE = 7/10, as integers), $peer_min_members.
-- Columns: baseline_fy, target_keep_num, target_keep_den, peer_min_members
create or replace table setting as
select
    $baseline_fy::smallint as baseline_fy,
    $target_keep_num::bigint as target_keep_num,
    $target_keep_den::bigint as target_keep_den,
    $peer_min_members::integer as peer_min_members
