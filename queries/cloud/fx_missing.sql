-- cloud/fx_missing: JST months × currencies of current lines that have no exchange rate.
-- Grain: one row per period × currency. Parameters: none. Columns: period, currency.
select period, currency from cloud_fx_missing order by currency, period
