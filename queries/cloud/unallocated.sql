-- cloud/unallocated: cost no account-map row claims (or a shared line with no tag and no
-- weight), with account ids. National scope only: such rows belong to no organization, so a
-- narrower scope gets none.
-- Grain: one row per account × month × reason. Parameters: $org_code, $pref_code, $fy.
-- Columns: billing_account_id, sub_account_id, month, reason, billed_yen.
select billing_account_id, sub_account_id, month, reason, sum(billed_yen) as billed_yen
from cloud_unallocated
where fiscal_year = $fy and $org_code is null and $pref_code is null
group by all
order by billed_yen desc, billing_account_id
