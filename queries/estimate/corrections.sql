-- estimate/corrections: the mapping corrections that apply to one organization's review:
-- its own, and the national dictionary; the newest per owner × pattern.
-- Grain: one row per owner × pattern. Parameters: $org_code.
-- Columns: owner, pattern, description, item_key, system_code, saved_at, saved_by
select owner, pattern, description, item_key, system_code, saved_at, saved_by
from estimate_correction
where owner in ($org_code, 'national')
qualify row_number() over (partition by owner, pattern order by saved_at desc) = 1
order by owner, pattern
