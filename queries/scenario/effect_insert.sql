-- scenario/effect_insert: record a national user's edit of one countermeasure's expected
-- effect (the measures lever reads the newest per measure: scenario/measure_effects.sql).
-- Parameters: $measure_code, $effect_rate, $changed_at, $changed_by, $note.
insert into measure_effect (measure_code, effect_rate, changed_at, changed_by, note)
values ($measure_code, $effect_rate, $changed_at, $changed_by, $note)
