"""`init`: a new database with the reference data and no figures."""
from __future__ import annotations

from dashboard.commands import UserError, add_db


def register(sub):
    p = sub.add_parser("init", help="create an empty database (reference data only)",
                       description="Create a new database holding the reference data "
                                   "(organizations, operations, cost items, drivers) and no figures.")
    add_db(p)
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    return p


def run(args) -> int:
    from dashboard import store
    if args.db.exists() and not args.force:
        raise UserError(f"{args.db} は既にあります (use --force to replace it)")
    if args.force:
        args.db.unlink(missing_ok=True)
    with store.writer(args.db, create=True):
        pass
    print(f"created {args.db}")
    return 0
