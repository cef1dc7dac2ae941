-- cloud/reconcile: BilledCost in yen per InvoiceId (allocated plus unallocated) against the
-- imported invoice or 納付 amount. National scope only (an invoice covers whole accounts).
-- Grain: one row per invoice present in either. Parameters: $org_code, $pref_code, $fy.
-- Columns: invoice_id, billed_yen, invoice_yen, difference_yen (billed − invoice), source.
with billed as (
    select invoice_id, sum(billed_yen) as billed_yen
    from (select invoice_id, fiscal_year, billed_yen from cloud_alloc
          union all
          select invoice_id, fiscal_year, billed_yen from cloud_unallocated)
    where invoice_id is not null and fiscal_year = $fy
    group by invoice_id
),

invoiced as (
    select invoice_id, arg_max(amount_yen, invoice_batch) as invoice_yen,
        arg_max(source, invoice_batch) as source
    from cloud_invoice
    group by invoice_id
)

select invoice_id, b.billed_yen, i.invoice_yen, b.billed_yen - i.invoice_yen as difference_yen, i.source
from billed as b
left join invoiced as i using (invoice_id)
where $org_code is null and $pref_code is null
order by invoice_id
