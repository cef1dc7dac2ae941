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

-- The peer disclosure rules (README, "What the peer comparison discloses"), written once for
-- the peer charts (pages/peer_stats.sql) and the estimate review (estimate/peer_items.sql,
-- estimate/peer_person_month.sql):
--   peer_publishable(members, value): in an aggregate over a group, true when at least
--     peer_min_members members are in it and none holds more than half of the group's total.
--   peer_no_dominant(value): the dominance half alone, for a second total of the same group.
--   peer_kernel_weight(rank_no, n, p): the triangular weight (half-width 2 ranks) of the
--     order statistic `rank_no` of n in the quantile p, so that no raw order statistic is
--     ever published.
--   peer_round(value, mixed): 3 significant figures, null when the quantile mixes fewer
--     than 3 members or is 0.
create or replace macro peer_no_dominant(value) as max(value) <= 0.5 * sum(value);

create or replace macro peer_publishable(members, value) as
    members >= (select peer_min_members from setting) and peer_no_dominant(value);

create or replace macro peer_kernel_weight(rank_no, n, p) as
    greatest(0, 2 - abs(rank_no - (1 + (n - 1) * p)));

create or replace macro peer_round(value, mixed) as
    case when mixed >= 3 and value <> 0
        then round(value, (2 - floor(log10(abs(value))))::integer)
    end;
