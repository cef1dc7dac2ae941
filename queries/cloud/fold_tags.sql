-- cloud/fold_tags: per distinct Tags text, the entries whose value looks like an organization code (6 digits), as JSON.
-- Part of the fold: fold the raw rows of one import (its Parquet directory) into monthly
-- lines, resources and billing account × period keys inside the database.
-- Grain: cloud_line as in cloud/schema.sql; month = JST month of ChargePeriodStart
-- (UTC + 9 h, so 2026-03-31T15:00Z is April 2026 and FY2026).
-- Columns written: cloud_line, cloud_resource, cloud_import_key (see schema).
-- Tags are parsed once per distinct Tags text; only entries whose value looks like an
-- organization code (6 digits) are kept, as the account map's tag key is applied later.
-- Parameters: none.
create or replace temp table fold_tag_org as
with distinct_tag as (
    select distinct tags from fold_by_tags where tags is not null
)

select tags,
    nullif(to_json(map_from_entries(list_filter(
        map_entries(json_transform(tags, '"MAP(VARCHAR, VARCHAR)"')),
        lambda e: regexp_full_match(e.value, '[0-9]{6}')))), '{}') as tag_orgs
from distinct_tag
