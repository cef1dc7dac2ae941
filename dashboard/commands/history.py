"""`history`: the import batches, newest first."""
from __future__ import annotations

from dashboard.commands import UserError, add_db, people_errors


def register(sub):
    p = sub.add_parser("history", help="list the import batches",
                       description="List every import batch: file, hash, time, user, and "
                                   "counts of new, revised and unchanged rows.")
    add_db(p)
    return p


def run(args) -> int:
    from dashboard import queries, store
    try:
        with store.reader(args.db) as con:
            batches = queries.run(con, "ingest/history")
    except people_errors() as exc:
        raise UserError(str(exc)) from None
    for b in batches.itertuples():
        state = f"rolled back {b.rolled_back_at:%Y-%m-%d %H:%M}" if b.rolled_back_at == b.rolled_back_at and b.rolled_back_at is not None else "live"
        print(f"{b.batch_id:>4}  {b.imported_at:%Y-%m-%d %H:%M:%S}  {b.kind:<7} {b.file_name}  "
              f"sha256:{b.file_sha256[:12]}  by {b.imported_by or '-'}  "
              f"new {b.rows_new:,} revised {b.rows_revised:,} unchanged {b.rows_unchanged:,}  [{state}]")
    if batches.empty:
        print("no batches / 取込履歴はありません")
    return 0
