-- cloud/population_load: the population used to split shared accounts by population
-- (registered as `incoming_population` from data/reference/population.csv).
-- Grain: one row per organization. Parameters: none. Columns: org_code, population.
create or replace table cloud_population as
select org_code, cast(population as bigint) as population from incoming_population
