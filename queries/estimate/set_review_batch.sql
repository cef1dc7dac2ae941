-- estimate/set_review_batch: link a saved review to the import batch that adopted it as
-- estimate figures (so the batch can be traced back, and rolled back like any import).
-- Parameters: $review_id, $batch_id.
update estimate_review set batch_id = $batch_id where review_id = $review_id
