"""The cloud part of `import`: FOCUS files, account maps, exchange rates and invoice amounts
are recognised by their columns (dashboard/cloud/detect.py) and imported all or nothing."""
from __future__ import annotations

import sys

from dashboard.commands import UserError, people_errors


def wants(paths) -> bool:
    from dashboard.cloud import detect
    kinds = [detect.kind_of(p) for p in paths]
    cloud = [k is not None for k in kinds]
    if any(cloud) and not all(cloud):
        others = [p.name for p, c in zip(paths, cloud) if not c]
        raise UserError("クラウド請求のファイルと運用経費等のファイルは別々に取り込んでください / import cloud "
                        "files and cost files separately: " + ", ".join(others))
    return any(cloud)


def run(args, who: str, allowed) -> int:
    if allowed is not None:
        # A bill covers whole accounts, and an account map assigns them to organizations:
        # only a national importer may change either.
        raise UserError("クラウド請求・アカウント対応表・為替レートは全国の取込権限で取り込んでください / "
                        "cloud bills, account maps and rates need a national importer")
    from dashboard import audit
    from dashboard.cloud import detect, importer
    if args.dry_run:
        _, problems = importer.check(args.files)
        for problem in problems:
            print(problem, file=sys.stderr)
        print("dry run: nothing was written / 検証のみ（書き込みなし）")
        return 1 if problems else 0
    from dashboard.commands import importing_account
    who, allowed = importing_account(args.user)
    if allowed is not None:
        raise UserError("クラウド請求の取込は全国の権限が必要です / cloud bills need a national account")
    try:
        results = importer.import_paths(args.db, args.files, user=who)
    except importer.Refused as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} 件の問題があるため、何も取り込んでいません。 / "
              f"{len(exc.problems)} problem(s): nothing was imported.", file=sys.stderr)
        audit.record("import_refused", who=who, target=", ".join(p.name for p in args.files),
                     db=args.db, detail={"via": "cli", "kind": "cloud"})
        return 1
    except people_errors() as exc:
        raise UserError(str(exc)) from None
    for r in results:
        audit.record("import", who=who, target=r.file_name, db=args.db,
                     detail={"via": "cli", "kind": r.kind, "cloud_import": r.import_id})
        version = f" FOCUS {r.version}" if r.version else ""
        number = f", import {r.import_id}" if r.import_id else ""
        print(f"{r.file_name}: {r.kind}{version}, {r.rows:,} rows OK{number}")
        for note in r.notes:
            print(f"  {note}")
    return 0
