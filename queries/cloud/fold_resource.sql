-- cloud/fold_resource: insert an import's resources per JST month (from fold_grouped) into
-- cloud_resource. Grain: one row per account × month × currency × resource × org tags.
-- Parameters: $import_id. Columns: none.
insert into cloud_resource
select $import_id, billing_account_id, billing_period, sub_account_id, month, billing_currency,
    resource_id, resource_name, any_service_name, tag_orgs, billed
from fold_grouped
where line_set = 0 and resource_id is not null
