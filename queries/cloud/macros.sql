-- cloud/macros: the views over the raw FOCUS Parquet files, as table macros because the
-- files' location (beside the database file, which moves on every write) is a bound
-- parameter, and a plain view cannot take one.
-- cloud_raw(pattern): every raw row of every import directory the pattern matches, with
--   import_id and billing_period from the directory names; columns of all FOCUS versions
--   present (union by name), x_ columns included.
-- cloud_current_raw(pattern): only the rows of the current import of each billing account ×
--   billing period (restated and rolled-back imports left out).
-- Grain: one row per raw FOCUS row. Parameters: pattern (given by the caller as $pattern).
create or replace macro cloud_raw(pattern) as table
    select *
    from read_parquet(pattern, hive_partitioning = true, union_by_name = true);

create or replace view cloud_current_key as
    select k.billing_account_id, k.billing_period, max(k.import_id) as import_id
    from cloud_import_key as k
    inner join cloud_import as i using (import_id)
    where i.rolled_back_at is null
    group by k.billing_account_id, k.billing_period;

create or replace macro cloud_current_raw(pattern) as table
    select r.*
    from read_parquet(pattern, hive_partitioning = true, union_by_name = true) as r
    semi join cloud_current_key as k
        on cast(r.import_id as integer) = k.import_id
        and r.BillingAccountId = k.billing_account_id
        and r.billing_period = k.billing_period;
