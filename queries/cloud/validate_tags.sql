-- cloud/validate_tags: how many distinct Tags texts of the file (view focus_src) are not a
-- JSON object. Tags repeat across rows (per resource), so checking each text once is much
-- cheaper than per row; a file with any bad one is checked again row by row to name the rows.
-- Grain: one row. Parameters: none. Columns: bad_tags.
with tag_text as (
    select distinct cast(Tags as varchar) as tags from focus_src
)

select count(*) as bad_tags
from tag_text
where coalesce(tags, '') <> '' and (not json_valid(tags) or json_type(tags) <> 'OBJECT')
