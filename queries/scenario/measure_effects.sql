-- scenario/measure_effects: the newest edited effect rate per countermeasure (national
-- users' edits; the committed data/reference/measure_effects.csv applies otherwise).
-- Grain: one row per countermeasure with an edit.
-- Parameters: none.
-- Columns: measure_code, effect_rate, changed_at, changed_by
select measure_code,
    arg_max(effect_rate, changed_at) as effect_rate,
    max(changed_at) as changed_at,
    arg_max(changed_by, changed_at) as changed_by
from measure_effect
group by measure_code
order by measure_code
