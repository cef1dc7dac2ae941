-- cloud/insert_invoice: add invoice or 納付 amounts (registered as `incoming`); the newest
-- amount of an invoice counts. Grain: one row per incoming row.
-- Parameters: $file_name, $imported_at. Columns: none.
insert into cloud_invoice
select (select coalesce(max(invoice_batch), 0) + 1 from cloud_invoice), invoice_id,
    amount_yen, coalesce(source, $file_name), $imported_at
from incoming
