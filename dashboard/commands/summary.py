"""`summary`: the metrics of one scope and year (docs/metrics.md), as JSON or text."""
from __future__ import annotations

import json

from dashboard.commands import UserError, add_db, people_errors


def register(sub):
    p = sub.add_parser("summary", help="print the metrics of a scope and fiscal year",
                       description="Print baseline, current, reduction rate, gap to the -30%% "
                                   "target, coverage, and the breakdown by operation and driver.")
    add_db(p)
    p.add_argument("--fy", type=int, help="fiscal year, e.g. 2026 (default: latest with data)")
    p.add_argument("--scope", default="national", help="national, pref:NN or org:CODE")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def run(args) -> int:
    from dashboard import i18n, metrics, store
    from dashboard.scope import Scope
    try:
        scope = Scope.parse(args.scope)
        with store.reader(args.db) as con:
            fy = args.fy or metrics.latest_fy(con)
            if fy is None:
                raise UserError("データがありません / the database holds no matched figures")
            result = metrics.summary(con, scope, fy)
    except people_errors() as exc:
        raise UserError(str(exc)) from None
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    change = i18n.change_of(result["baseline_yen"], result["current_yen"])
    print(f"{result['scope']} FY{fy}: baseline {result['baseline_yen']:,} yen, "
          f"current {result['current_yen']:,} yen, {i18n.change(change, 'en')} "
          f"(target {i18n.target_text('en')}), "
          f"gap {result['gap_to_target_yen']:,} yen; {result['orgs_reporting']}/"
          f"{result['orgs_in_scope']} organizations reporting, "
          f"{result['orgs_over_baseline']} over baseline, {result['orgs_on_target']} on target")
    return 0
