-- cloud/fold_check: how many folded rows (temp table fold_rows) break a FOCUS rule: missing or
-- unreadable costs and times or End <= Start (counted by cloud/fold_group), an empty
-- BillingAccountId, a currency outside ISO 4217, an unknown ChargeCategory or ChargeClass.
-- (Tags text that is not a JSON object already stopped the typed read: the lake keeps Tags
-- as a MAP.) Zero means the file is clean; otherwise cloud/validate names the rows.
-- Grain: one row. Parameters: $iso (list of ISO 4217 codes). Columns: broken.
select coalesce(sum(broken_rows), 0)
    + count(*) filter (where coalesce(billing_account_id, '') = ''
        or billing_currency is null or not list_contains($iso, billing_currency)
        or charge_category is null
        or charge_category not in ('Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment')
        or coalesce(charge_class, '') not in ('', 'Correction')) as broken
from fold_rows
