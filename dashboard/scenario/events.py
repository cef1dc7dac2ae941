"""Adding one timeline event from the page: a one-row `events` batch through the same load
path as an imported events file (revisions, rollback), audited as `event_add`."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd

from dashboard import access, audit, store
from dashboard.accounts import OPERATOR, User
from dashboard.ingest import load
from dashboard.scope import Scope

KINDS = ("spec_revision", "price_change", "exchange_rate", "policy", "note")


class EventRefused(ValueError):
    pass


def fiscal_year_of(date: dt.date) -> int:
    """April to March, named by the starting calendar year."""
    return date.year if date.month >= 4 else date.year - 1


def add(db: Path | str, scope: Scope, date: dt.date, kind: str, title_ja: str, title_en: str,
        *, author: str, user: User = OPERATOR, note: str | None = None) -> int:
    """Store one event for `scope` (inside `user`'s own); returns the batch id."""
    access.check(user, scope)
    title_ja, title_en = (title_ja or "").strip(), (title_en or "").strip()
    if kind not in KINDS:
        raise EventRefused(f"種別が不正です / unknown kind {kind!r}")
    if not title_ja or not title_en or len(title_ja) > 120 or len(title_en) > 120:
        raise EventRefused("件名（日本語・英語）は1〜120文字です / both titles need 1 to 120 characters")
    frame = pd.DataFrame({"scope": [str(scope)], "event_date": [date], "fiscal_year": [fiscal_year_of(date)],
                          "kind": [kind], "title_ja": [title_ja], "title_en": [title_en], "note": [note]})
    digest = hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
    with store.writer(db) as con:
        result = load.apply(con, "events", frame, file_name="画面入力 / entered on the scenario page",
                            file_sha256=digest, imported_by=author)
    audit.record("event_add", who=author, target=f"batch {result.batch_id}",
                 detail={"scope": str(scope), "date": date.isoformat(), "kind": kind, "title_ja": title_ja},
                 db=db)
    return result.batch_id
