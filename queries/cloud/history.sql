-- cloud/history: every FOCUS import, newest first, with its pairs and whether each is
-- still the current data of that billing account × period (a later import restates it).
-- Grain: one row per import × billing account × billing period. Parameters: none.
-- Columns: import_id, file_name, focus_version, imported_at, imported_by, rolled_back_at,
--   billing_account_id, billing_period, row_count, status ('current' | 'restated' | 'rolled back').
select i.import_id, i.file_name, i.focus_version, i.imported_at, i.imported_by, i.rolled_back_at,
    k.billing_account_id, k.billing_period, k.row_count,
    case
        when i.rolled_back_at is not null then 'rolled back'
        when c.import_id = i.import_id then 'current'
        else 'restated'
    end as status
from cloud_import as i
inner join cloud_import_key as k using (import_id)
left join cloud_current_key as c using (billing_account_id, billing_period)
order by i.import_id desc, k.billing_account_id, k.billing_period
