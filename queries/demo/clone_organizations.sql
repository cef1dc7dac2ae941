-- demo/clone_organizations: add the fictional organizations of a scaled demo (benchmarks
-- of a country N times as large) from a DataFrame registered as clone_organization.
-- grain: one row per added organization
-- parameters: none
-- output columns: none (inserts into organization; columns match by name)
insert into organization by name
select org_code, pref_code, pref_name, name, kind, population, population_synthetic, peer_group
from clone_organization;
