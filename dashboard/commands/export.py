"""`export`: a council pack (会議資料) for one scope and year, as PPTX, PDF, XLSX or zipped PNGs."""
from __future__ import annotations

import sys
from pathlib import Path

from dashboard import i18n
from dashboard.commands import UserError, add_db, people_errors


def register(sub):
    p = sub.add_parser("export", help="write a council pack (PPTX, PDF, XLSX or PNG zip)",
                       description="Write a council pack (会議資料) for a scope and fiscal year: "
                                   "PPTX (16:9 slides), PDF (A4 landscape handout), XLSX (the "
                                   "data behind every chart) or PNG (all charts, zipped).")
    add_db(p, required=False)
    p.add_argument("--scope", default="national", help="national, pref:NN or org:CODE")
    p.add_argument("--fy", type=int, help="fiscal year, e.g. 2026 (default: latest with data)")
    p.add_argument("--format", choices=("pptx", "pdf", "xlsx", "png"))
    p.add_argument("--out", metavar="DIR", help="folder to write the file into")
    p.add_argument("--charts", metavar="KEYS",
                   help="comma-separated chart keys (default: all; see --list-charts)")
    p.add_argument("--list-charts", action="store_true", help="print the chart keys and exit")
    p.add_argument("--lang", default="ja", choices=("ja", "en"))
    p.add_argument("--unit", default=i18n.DEFAULT_UNIT, choices=tuple(i18n.UNITS))
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--as-user", metavar="NAME",
                   help="act within this account's role (a scope outside it is refused)")
    return p


def run(args) -> int:
    from dashboard import access
    from dashboard.accounts import OPERATOR
    from dashboard.export import pack
    if args.list_charts:
        print("\n".join(pack.catalog_keys()))
        return 0
    missing = [f"--{name}" for name in ("db", "format", "out") if getattr(args, name) is None]
    if missing:
        raise UserError(f"{', '.join(missing)} が必要です / required: {', '.join(missing)}")
    keys = [k.strip() for k in args.charts.split(",") if k.strip()] if args.charts else None

    def progress(fraction: float, text: str) -> None:
        if not args.quiet:
            print(f"[{fraction:4.0%}] {text}", file=sys.stderr)

    try:
        user = access.user_named(args.as_user) if args.as_user else OPERATOR
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return _run(args, user, keys, progress)


def _run(args, user, keys, progress) -> int:
    from dashboard import access, audit, metrics, store
    from dashboard.export import pack, render
    from dashboard.export.pdf import FontMissing
    from dashboard.scope import Scope
    try:
        # The one scope check of this command: every query below reads inside this scope.
        scope = access.check(user, Scope.parse(args.scope))
        out_dir = Path(args.out)
        out_dir.mkdir(parents=True, exist_ok=True)
        with store.reader(args.db) as con:
            fy = args.fy or metrics.latest_fy(con)
            if fy is None:
                raise UserError("データがありません / the database holds no matched figures")
            result = pack.build(con, scope, fy, args.format, keys=keys, lang=args.lang,
                                unit=args.unit, progress=progress)
    except (render.ExportUnavailable, FontMissing, pack.UnknownChart, access.OutOfScope) as exc:
        raise UserError(str(exc)) from None
    except people_errors() as exc:
        raise UserError(str(exc)) from None
    target = out_dir / result.file_name
    target.write_bytes(result.data)
    audit.record("export", who=user.id, scope=scope, target=result.file_name, db=args.db,
                 detail={"format": args.format, "fy": fy, "via": "cli"})
    print(f"wrote {target} ({len(result.data) / 2**20:.1f} MiB, {result.charts} charts) "
          f"in {result.seconds:.1f} s")
    return 0
