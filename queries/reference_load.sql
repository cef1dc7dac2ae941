-- reference_load: copy the reference CSVs (registered by store.load_reference as
-- DataFrames named ref_<table>) into the dimension tables. Columns match by name.
insert into organization by name select * from ref_organization;
insert into system by name select * from ref_system;
insert into cost_item by name select * from ref_cost_item;
insert into driver by name select * from ref_driver;
insert into countermeasure_map by name select * from ref_countermeasure_map;
