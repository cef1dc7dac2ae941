"""`cloud`: the Government Cloud bills of a scope and fiscal year (FOCUS), as JSON or text;
`--history` lists the FOCUS imports, `--rollback ID` undoes one."""
from __future__ import annotations

import json

from dashboard.commands import UserError, add_db, people_errors


def register(sub):
    p = sub.add_parser("cloud", help="cloud bills (FOCUS) of a scope and fiscal year",
                       description="Monthly billed/effective/list/contracted yen, service categories, "
                                   "commitments, allocation methods, unallocated cost and anomalies.")
    add_db(p)
    p.add_argument("--scope", default="national", help="national, pref:NN or org:CODE")
    p.add_argument("--fy", type=int, help="fiscal year (default: latest with cloud data)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--history", action="store_true", help="list the FOCUS imports and restatements")
    p.add_argument("--rollback", type=int, metavar="IMPORT_ID", help="undo one FOCUS import")
    p.add_argument("--user", help="who rolls back (recorded)")
    return p


def run(args) -> int:
    from dashboard import store
    from dashboard.cloud import importer, report
    from dashboard.scope import Scope
    try:
        if args.rollback is not None:
            try:
                result = importer.rollback(args.db, args.rollback, user=args.user)
            except importer.Refused as exc:
                raise UserError(str(exc)) from None
            print(f"cloud import {result.import_id} ({result.file_name}) rolled back")
            return 0
        if args.history:
            print(importer.history(args.db).to_string(index=False))
            return 0
        scope = Scope.parse(args.scope)
        with store.reader(args.db) as con:
            years = report.years(con, scope)
            fy = args.fy or (years[-1] if years else None)
            if fy is None:
                raise UserError("クラウド請求データがありません / no cloud bills in this scope")
            result = report.as_json(scope, fy, report.figures(con, scope, fy, store.now_utc()))
    except people_errors() as exc:
        raise UserError(str(exc)) from None
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{scope} FY{fy}")
    for m in result["months"]:
        print(f"  {m['month']}: billed {m['billed_yen']:,} / effective {m['effective_yen']:,} yen")
    print(f"  by method: {result['allocated_yen_by_method']}; unallocated: {result['unallocated_yen']}")
    return 0
