"""The append-only audit log: who did what, when, in which scope, with which file or format.

One JSON object per line in `<db folder>/audit/<db name>.audit.jsonl` (or SANWARI_AUDIT),
opened in append mode under an exclusive lock, never rewritten. Each line carries the
SHA-256 of the line before it (`prev`), so an edited or deleted line breaks the chain
and `verify()` says where. Passwords, tokens and file contents are never written; a
file is named by its name and SHA-256.

Actions: import, import_refused, rollback, export, download, login, login_failed,
logout, user_add, user_remove, scenario_save, event_add, measure_effect.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from dashboard.config import database_path

ACTIONS = ("import", "import_refused", "rollback", "export", "download", "login",
           "login_failed", "logout", "user_add", "user_remove",
           "scenario_save", "event_add", "measure_effect")   # the last three: issue 13
GENESIS = "0" * 64


class AuditTampered(RuntimeError):
    pass


def audit_path(db: Path | str | None = None) -> Path:
    if os.environ.get("SANWARI_AUDIT"):
        return Path(os.environ["SANWARI_AUDIT"])
    db = Path(db or database_path())
    return db.parent / "audit" / f"{db.stem}.audit.jsonl"


def _last_line(f) -> bytes | None:
    f.seek(0, os.SEEK_END)
    end = f.tell()
    if end == 0:
        return None
    size = min(end, 65536)
    while True:
        f.seek(end - size)
        lines = f.read(size).rstrip(b"\n").split(b"\n")
        if len(lines) > 1 or size == end:
            return lines[-1]
        size = min(end, size * 2)


def record(action: str, *, who: str | None = None, scope=None, target: str | None = None,
           detail: dict | None = None, db: Path | str | None = None) -> dict:
    """Append one event. The caller names who and in which scope (the app's
    session.record fills both from the signed-in user); no `who` is recorded as anonymous."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    who = who if who is not None else "anonymous"
    entry = {"at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
             "who": who, "action": action, "scope": str(scope) if scope is not None else None,
             "target": target, "detail": detail or {}}
    path = audit_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        last = _last_line(f)
        entry["prev"] = hashlib.sha256(last).hexdigest() if last else GENESIS
        f.write(json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
        f.flush()
        os.fsync(f.fileno())
    return entry


def read(db: Path | str | None = None) -> list[dict]:
    path = audit_path(db)
    if not path.exists():
        return []
    with open(path, "rb") as f:
        return [json.loads(line) for line in f if line.strip()]


def verify(db: Path | str | None = None) -> int:
    """The number of entries if the chain is whole; AuditTampered naming the first broken line."""
    path = audit_path(db)
    if not path.exists():
        return 0
    prev = GENESIS
    count = 0
    with open(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            raw = line.rstrip(b"\n")
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError:
                raise AuditTampered(f"audit line {number} is not JSON") from None
            if entry.get("prev") != prev:
                raise AuditTampered(f"audit chain broken at line {number} / "
                                    f"監査ログの {number} 行目で連鎖が切れています")
            prev = hashlib.sha256(raw).hexdigest()
            count += 1
    return count
