"""`demo`: a database holding the fictional demo data (架空のデモデータ)."""
from __future__ import annotations

import time

from dashboard.commands import UserError, add_db


def register(sub):
    p = sub.add_parser("demo", help="create a database with the fictional demo data",
                       description="Create a database holding deterministic, fictional demo "
                                   "figures (架空のデモデータ) for all 1,788 organizations, "
                                   "FY2018-FY2030.")
    add_db(p)
    p.add_argument("--seed", type=int, default=20250602, help="random seed (default: %(default)s)")
    p.add_argument("--scale", type=int, default=1,
                   help="a country N times as large (N-1 fictional twins of every municipality), "
                        "for benchmarks (default: 1)")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    return p


def run(args) -> int:
    from dashboard import demo_build   # on use: --help must not load pandas
    if args.db.exists() and not args.force:
        raise UserError(f"{args.db} は既にあります (use --force to replace it)")
    started = time.perf_counter()
    counts = demo_build.build(args.db, seed=args.seed, scale=args.scale, replace=args.force)
    seconds = time.perf_counter() - started
    print(f"created {args.db}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
          + f" in {seconds:.1f} s ({args.db.stat().st_size / 2**20:.0f} MiB)")
    return 0
