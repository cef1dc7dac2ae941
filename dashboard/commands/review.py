"""`review`: check a vendor's estimate line by line (見積精査) and print the findings."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from dashboard.commands import UserError, add_db, people_errors


def register(sub):
    p = sub.add_parser("review", help="review a vendor's estimate (見積精査): mapping, red flags, target",
                       description="Read a vendor's estimate (XLSX/CSV), map each line to a cost item "
                                   "and operation, check the red-flag rules R01-R12 "
                                   "(data/reference/estimate_rules.json) and compare the annual "
                                   "amounts with the organization's FY2018 baseline and -30%% target. "
                                   "Writes nothing to the database.")
    add_db(p)
    p.add_argument("--org", required=True, metavar="CODE", help="the organization (6-digit code)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--out", type=Path, metavar="PATH", help="also write the review workbook (XLSX)")
    p.add_argument("--existing-line", action="append", default=[], metavar="NAME",
                   help="a network line the organization already contracts (R03); repeatable")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--as-user", metavar="NAME",
                   help="review within this account's scope (a municipality: its own estimates; "
                        "a prefecture: its municipalities'); default: the operator")
    return p


def run(args) -> int:
    from dashboard import access, store
    from dashboard.accounts import OPERATOR, AccountError
    from dashboard.estimate import review as review_mod
    from dashboard.estimate.model import EstimateError
    from dashboard.scope import Scope
    if not args.file.is_file():
        raise UserError(f"ファイルがありません / no such file: {args.file}")
    try:
        scope = Scope("org", args.org)
        access.check(access.user_named(args.as_user) if args.as_user else OPERATOR, scope)
        with store.reader(args.db) as con:
            result = review_mod.review(args.file.name, args.file.read_bytes(), scope.code, con=con,
                                       existing_lines=args.existing_line)
    except EstimateError as exc:
        for problem in exc.problems:
            print(f"{args.file.name}: {problem}", file=sys.stderr)
        return 1
    except (access.OutOfScope, AccountError) + people_errors() as exc:
        raise UserError(str(exc)) from None
    if args.out:
        from dashboard.estimate import workbook
        args.out.write_bytes(workbook.review_xlsx(result))
    for problem in result.problems:
        print(f"{args.file.name}: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        j = result.as_json()
        print(f"{args.file.name}: {j['lines']} lines, {j['mapped']} mapped, {j['unmapped']} unmapped; "
              f"annual {j['annual_total_yen']:,} yen; baseline {j['baseline_yen']}, target {j['target_yen']}")
        for f in result.flags:
            print(f"  {f.rule} [{f.severity}] {f.sheet}!{f.row}: {f.message_ja}")
    return 1 if result.problems else 0
