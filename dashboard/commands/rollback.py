"""`rollback`: undo one batch exactly; figures it revised return to their earlier revisions."""
from __future__ import annotations

from dashboard.commands import USER_HELP, UserError, add_db, importing_account, people_errors


def register(sub):
    p = sub.add_parser("rollback", help="undo one import batch",
                       description="Undo one batch. Its rows stay in the history, marked as "
                                   "rolled back; the figures it revised return to their "
                                   "earlier values.")
    add_db(p)
    p.add_argument("--batch", type=int, required=True, metavar="N", help="batch number (see history)")
    p.add_argument("--user", metavar="NAME", help=USER_HELP)
    return p


def run(args) -> int:
    from dashboard import audit, store
    from dashboard.ingest import load
    who, allowed = importing_account(args.user)
    try:
        with store.writer(args.db) as con:
            load.rollback(con, args.batch, by=who, allowed=allowed)
    except (*people_errors(), load.RollbackError) as exc:
        raise UserError(str(exc)) from None
    audit.record("rollback", who=who, scope=allowed or "national", target=f"batch {args.batch}",
                 db=args.db, detail={"via": "cli"})
    print(f"batch {args.batch} rolled back by {who} / バッチ {args.batch} を取り消しました")
    return 0
