"""`import`: validate office files and store them as new batches, all or nothing."""
from __future__ import annotations

import sys
from pathlib import Path

from dashboard.commands import USER_HELP, UserError, add_db, importing_account, people_errors


def register(sub):
    p = sub.add_parser("import", help="import cost, driver or status files (CSV/XLSX)",
                       description="Validate the files (docs/import-format.md) and import them. "
                                   "If any file has a problem, every problem is listed and "
                                   "nothing is changed.")
    add_db(p)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="validate and report only; write nothing")
    p.add_argument("--user", metavar="NAME", help=USER_HELP)
    p.add_argument("--errors-csv", type=Path, metavar="PATH",
                   help="also write the problems as a CSV table (UTF-8 with BOM, for Excel)")
    return p


def run(args) -> int:
    from dashboard import audit
    from dashboard.ingest import errors, pipeline
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise UserError("ファイルがありません / no such file: " + ", ".join(missing))
    who, allowed = importing_account(args.user)
    from dashboard.commands import cloud_import
    if cloud_import.wants(args.files):        # FOCUS, account map, fx, invoice amounts
        return cloud_import.run(args, who, allowed)
    try:
        report = pipeline.import_files(args.db, pipeline.read_paths(args.files),
                                       user=who, allowed=allowed, dry_run=args.dry_run)
    except people_errors() as exc:
        raise UserError(str(exc)) from None
    if not args.dry_run:
        for check in report.checks:
            audit.record("import" if report.ok else "import_refused", who=who,
                         target=check.file_name, db=args.db,
                         detail={"sha256": check.sha256, "via": "cli",
                                 "batches": [b.batch_id for b in report.batches]})
    if not report.ok:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        if args.errors_csv:
            args.errors_csv.write_bytes(errors.problems_csv(report.problems))
            print(f"problems written to {args.errors_csv}", file=sys.stderr)
        print(f"{len(report.problems)} 件の問題があるため、何も取り込んでいません。 / "
              f"{len(report.problems)} problem(s): nothing was imported.", file=sys.stderr)
        return 1
    for check in report.checks:
        print(f"{check.file_name}: {check.kind}, {len(check.rows):,} rows OK")
    for b in report.batches:
        print(f"batch {b.batch_id}: {b.rows_new:,} new, {b.rows_revised:,} revised, "
              f"{b.rows_unchanged:,} unchanged")
    if args.dry_run:
        print("dry run: nothing was written / 検証のみ（書き込みなし）")
    return 0
