"""Writing validated figures as one batch of revisions (docs/import-format.md, last rule).

A row whose value equals the current one creates no revision; a new value becomes a
new revision and the earlier one stays in the history. Rollback marks a batch as
rolled back, so its revisions stop counting and the earlier ones are current again.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import queries, store
from dashboard.scope import Scope, covers_all

COLUMNS = {
    "costs": ["org_code", "fiscal_year", "system_code", "item_key", "basis", "amount_yen", "note"],
    "drivers": ["org_code", "fiscal_year", "system_code", "driver_code", "amount_yen", "note"],
    "status": ["org_code", "system_code", "status", "planned_fy", "note"],
    "funding": ["org_code", "fiscal_year", "source", "system_code", "amount_yen", "cap_yen", "note"],
    "events": ["scope", "event_date", "fiscal_year", "kind", "title_ja", "title_en", "note"],
}


@dataclass
class BatchResult:
    batch_id: int | None
    kind: str
    rows_new: int
    rows_revised: int
    rows_unchanged: int


def apply(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame, *,
          file_name: str, file_sha256: str, imported_by: str | None = None,
          batch_kind: str | None = None) -> BatchResult:
    """Store validated rows of one file as a batch. Call inside store.writer()."""
    incoming = frame.reindex(columns=COLUMNS[kind]).copy()
    incoming["note"] = incoming["note"].astype("string")
    con.register("incoming", incoming)
    queries.run_script(con, f"ingest/diff_{kind}")
    con.unregister("incoming")
    counts = dict(con.execute("select effect, count(*) from diffed group by effect").fetchall())
    batch_id = store.next_batch_id(con)
    result = BatchResult(batch_id, kind, counts.get("new", 0), counts.get("revised", 0),
                         counts.get("unchanged", 0))
    queries.run(con, f"ingest/insert_{kind}", batch_id=batch_id)
    queries.run(con, "ingest/insert_batch", batch_id=batch_id, kind=batch_kind or kind,
                file_name=file_name, file_sha256=file_sha256, imported_at=store.now_utc(),
                imported_by=imported_by, rows_new=result.rows_new,
                rows_revised=result.rows_revised, rows_unchanged=result.rows_unchanged)
    con.execute("drop table diffed")
    return result


class RollbackError(ValueError):
    pass


def rollback(con: duckdb.DuckDBPyConnection, batch_id: int, by: str | None = None,
             allowed: Scope | None = None) -> None:
    """Mark a batch rolled back. `allowed` (None: national, the operator): the batch's every
    row must lie inside it, checked in the same write transaction (ingest/batch_scope)."""
    if allowed is not None:
        touched = queries.run(con, "ingest/batch_scope", batch_id=batch_id)["touched_scope"]
        if touched.empty:
            raise RollbackError(f"バッチ {batch_id} は存在しないか、既に取り消されています。 / "
                                f"Batch {batch_id} does not exist or is already rolled back.")
        if not covers_all(allowed, [t if isinstance(t, str) else None for t in touched]):
            raise RollbackError(f"バッチ {batch_id} には閲覧範囲の外の行があるため取り消せません。 / "
                                f"Batch {batch_id} has rows outside your scope; you may not roll it back.")
    done = queries.run(con, "ingest/rollback", batch_id=batch_id,
                       rolled_back_at=store.now_utc(), rolled_back_by=by)
    if done.empty:
        raise RollbackError(f"バッチ {batch_id} は存在しないか、既に取り消されています。 / "
                            f"Batch {batch_id} does not exist or is already rolled back.")
