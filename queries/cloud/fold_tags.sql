-- cloud/fold_tags: the organization-valued tags of each distinct Tags text of an import
-- (temp table fold_rows) into the temp table fold_tag.
-- tag_orgs keeps only the Tags entries whose value is a 6-digit organization code, as a JSON
-- object; the account map's tag key is applied later (cloud/allocate), so a map imported
-- after the bills still works. A regular expression finds them without parsing any JSON
-- (the check has already found Tags to be a JSON object).
-- Grain: one row per distinct Tags text holding a quoted 6-character value.
-- Parameters: none. Columns: tags, tag_orgs.
create or replace temp table fold_tag as
select tags,
    '{' || nullif(array_to_string(regexp_extract_all(tags, '"[^"\\]*"\s*:\s*"[0-9]{6}"'), ','), '') || '}'
        as tag_orgs
from (
    select distinct tags
    from fold_rows
    where tags like '%"______"%'     -- cheap filter: a quoted 6-character value
)
