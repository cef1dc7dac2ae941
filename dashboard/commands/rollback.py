"""`rollback`: undo one batch exactly; figures it revised return to their earlier revisions."""
from __future__ import annotations

from dashboard.commands import UserError, add_db, people_errors


def register(sub):
    p = sub.add_parser("rollback", help="undo one import batch",
                       description="Undo one batch. Its rows stay in the history, marked as "
                                   "rolled back; the figures it revised return to their "
                                   "earlier values.")
    add_db(p)
    p.add_argument("--batch", type=int, required=True, metavar="N", help="batch number (see history)")
    p.add_argument("--user", help="who is rolling back (recorded)")
    return p


def run(args) -> int:
    from dashboard import store
    from dashboard.ingest import load
    try:
        with store.writer(args.db) as con:
            load.rollback(con, args.batch, by=args.user)
    except (*people_errors(), load.RollbackError) as exc:
        raise UserError(str(exc)) from None
    print(f"batch {args.batch} rolled back / バッチ {args.batch} を取り消しました")
    return 0
