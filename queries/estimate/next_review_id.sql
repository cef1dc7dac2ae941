-- estimate/next_review_id: the id for the next saved review.
-- Grain: one row. Parameters: none. Columns: review_id
select coalesce(max(review_id), 0) + 1 as review_id
from estimate_review
