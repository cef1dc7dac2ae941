-- scope: the one scope filter. `scope_org(pref_code, org_code)` is the table of the
-- organizations of a scope: national (both null), one prefecture with its municipalities
-- (pref_code), or one organization (org_code). Every page and metric query takes its
-- organizations from it, as `scoped_org as (select … from scope_org($pref_code, $org_code))`
-- (tests/test_access_sql.py proves that each one does, and nothing else).
-- Created by store.refresh (every write) in the database itself, so that read-only
-- snapshots carry it.
-- Grain: one row per organization of the scope. Parameters: none (macro arguments).
-- Columns: those of `organization`.
create or replace macro scope_org(pref, org) as table
    select *
    from organization
    where (pref is null or pref_code = pref)
        and (org is null or org_code = org);
