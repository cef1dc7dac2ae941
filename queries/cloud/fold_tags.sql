-- cloud/fold_tags: the organization-valued tags of each distinct Tags map of an import (temp
-- table fold_rows) into the temp table fold_tag.
-- tag_orgs keeps only the Tags entries whose value is a 6-digit organization code, as a JSON
-- object text ('{"gc-org":"012025"}'); the account map's tag key is applied later
-- (cloud/allocate), so a map imported after the bills still works. It runs once per distinct
-- Tags value, not once per row: a resource repeats its tags on every hourly row.
-- Grain: one row per distinct Tags value with such an entry. Parameters: none.
-- Columns: tags, tag_orgs.
create or replace temp table fold_tag as
with distinct_tags as (
    select distinct tags
    from fold_rows
    where tags is not null
),

org_valued as (
    select tags,
        list_filter(map_entries(tags), lambda e: regexp_full_match(coalesce(e.value, ''), '[0-9]{6}'))
            as entries
    from distinct_tags
)

select tags, to_json(map_from_entries(entries)) as tag_orgs
from org_valued
where len(entries) > 0
