"""`template`: write a blank import template (costs, drivers or status; XLSX or CSV)."""
from __future__ import annotations

import sys
from pathlib import Path

from dashboard.commands import UserError
from dashboard.config import IMPORT_KINDS


def register(sub):
    p = sub.add_parser("template", help="write a blank import template (XLSX or CSV)",
                       description="Write a blank template with Japanese headers. The XLSX "
                                   "version has drop-down lists for 業務, 費目, 区分 and 要因 "
                                   "and an instructions sheet (説明). A filled template imports "
                                   "as it is.")
    p.add_argument("--kind", choices=IMPORT_KINDS, default="costs",
                   help="costs (運用経費), drivers (増減要因) or status (移行状況)")
    p.add_argument("--format", choices=("xlsx", "csv"), default="xlsx", dest="fmt")
    p.add_argument("--out", type=Path, metavar="PATH",
                   help="output file (default: sanwari_template_KIND.FORMAT in the current folder; "
                        "'-' writes to stdout)")
    return p


def run(args) -> int:
    from dashboard.ingest import template
    data = template.build(args.kind, args.fmt)
    if str(args.out) == "-":
        sys.stdout.buffer.write(data)
        return 0
    out = args.out or Path(f"sanwari_template_{args.kind}.{args.fmt}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise UserError(f"書き込めません / cannot write {out}: {exc.strerror}") from None
    print(f"wrote {out} ({args.kind}, {args.fmt})")
    return 0
