-- marts/rules: the metric rules of docs/metrics.md that a scope total needs as well as an
-- organization (the per-organization rules, over_baseline and on_target, are written once,
-- in marts/org_year.sql). Reads the constants from `setting` (marts/setting.sql).
-- Parameters: none (macro arguments).
--   target_yen(baseline_yen): the most a total may cost to meet the target,
--     floor(baseline × 7 / 10) in integer arithmetic (docs/metrics.md, "Target").
--   basis_label(pairs_projected): 'projected' (見込) when any pair of a total rests on a
--     budget or an estimate, else 'actual' (docs/metrics.md, "Basis").
create or replace macro target_yen(baseline_yen) as
    (baseline_yen * (select target_keep_num from setting)) // (select target_keep_den from setting);

create or replace macro basis_label(pairs_projected) as
    case when pairs_projected > 0 then 'projected' else 'actual' end;
