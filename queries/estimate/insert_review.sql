-- estimate/insert_review: record one confirmed review.
-- Parameters: $review_id, $org_code, $file_name, $file_sha256, $rules_version, $saved_at,
--   $saved_by, $share_opt_in, $annual_total_yen, $batch_id.
insert into estimate_review (review_id, org_code, file_name, file_sha256, rules_version,
    saved_at, saved_by, share_opt_in, annual_total_yen, batch_id)
values ($review_id, $org_code, $file_name, $file_sha256, $rules_version,
    $saved_at, $saved_by, $share_opt_in, $annual_total_yen, $batch_id)
