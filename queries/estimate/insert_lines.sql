-- estimate/insert_lines: store the counted lines of one confirmed review, from the
-- registered relation `review_lines` (same columns as estimate_line, in order).
-- Parameters: none.
insert into estimate_line
select review_id, sheet, row_number, description, item_key, system_code, unit, unit_price_yen,
    quantity, months, amount_yen, annual_yen
from review_lines
