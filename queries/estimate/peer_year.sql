-- estimate/peer_year: the latest fiscal year with actual (実績) figures, the year whose
-- peers' costs an estimate is compared with.
-- Grain: one row. Parameters: none. Columns: fiscal_year (null when there is none)
select max(fiscal_year) as fiscal_year
from mart_pair_year
where basis = 'actual' and matched
