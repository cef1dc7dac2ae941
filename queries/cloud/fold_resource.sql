-- cloud/fold_resource: insert an import's resources per JST month (from the temp table
-- fold_rows) into cloud_resource.
-- Grain: one row per account × month × currency × resource × org tags.
-- Parameters: $import_id. Columns: none.
insert into cloud_resource
select $import_id, r.billing_account_id, r.billing_period, nullif(r.sub_account_id, ''),
    strftime(r.month_start, '%Y-%m'), r.billing_currency, r.resource_id,
    any_value(r.resource_name), any_value(r.service_name), r.tag_orgs, sum(r.billed)
from fold_rows as r
where coalesce(r.resource_id, '') <> ''
group by r.billing_account_id, r.billing_period, nullif(r.sub_account_id, ''), r.month_start,
    r.billing_currency, r.resource_id, r.tag_orgs
