"""One check per rule id (R01–R12): the registry and the runner. The checks themselves are
in checks_lines.py (the estimate's own lines) and checks_money.py (exchange rate, discount,
peers, the target); each takes the review Context and its rule's parameters
(data/reference/estimate_rules.json) and returns Flags."""
from __future__ import annotations

from dashboard.estimate import checks_lines as lines
from dashboard.estimate import checks_money as money
from dashboard.estimate.context import Context, Peers  # noqa: F401 - the review's entry points
from dashboard.estimate.checks_money import target_yen  # noqa: F401
from dashboard.estimate.rules import Flag, rule

CHECKS = {"R01": lines.r01, "R02": lines.r02, "R03": lines.r03, "R04": lines.r04, "R05": money.r05,
          "R06": money.r06, "R07": money.r07, "R08": money.r08, "R09": lines.r09, "R10": lines.r10,
          "R11": lines.r11, "R12": money.r12}


def run_all(ctx: Context, rule_ids=None) -> list[Flag]:
    flags = []
    for rule_id in rule_ids or sorted(CHECKS):
        flags.extend(CHECKS[rule_id](ctx, rule(rule_id)["params"]))
    return flags
