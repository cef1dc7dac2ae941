-- cloud/insert_fx: add exchange rates (registered as `incoming`); a newer rate for the same
-- period and currency wins (cloud/allocate), the older stays as history.
-- Grain: one row per incoming row. Parameters: $file_name, $imported_at. Columns: none.
insert into cloud_fx
select (select coalesce(max(fx_id), 0) + 1 from cloud_fx), period, currency,
    cast(yen_per_unit as decimal(18, 6)), coalesce(source, $file_name), $imported_at
from incoming
