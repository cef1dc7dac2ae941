"""The append-only audit log: who did what, when, in which scope, with which file or format.

One JSON object per line in `<db folder>/audit/<db name>.audit.jsonl` (or SANWARI_AUDIT),
opened in append mode under an exclusive lock, never rewritten. Each line carries the
SHA-256 of the line before it (`prev`), so an edited or deleted line breaks the chain
and `verify()` says where. Passwords, tokens and file contents are never written; a
file is named by its name and SHA-256.

A chain alone proves nothing against someone who rewrites it, cuts lines from the end or
deletes the file. So the chain is anchored outside the file: with every line, under the
same lock, the server state (dashboard/state.py) stores the number of entries and the hash
of the last line, with an HMAC made with a key only the log writer holds. `verify()`
compares the file with that anchor: an edit, a re-chained rewrite, a truncation, an
emptied or deleted file, or lines appended by hand are each reported. A log written
before anchoring existed is anchored from its next entry on (`since`), which the check
reports.

Actions: import, import_refused, rollback, export, download, login, login_failed,
logout, user_add, user_remove, scenario_save, event_add, measure_effect.
"""
from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from dashboard import state
from dashboard.config import database_path

ACTIONS = ("import", "import_refused", "rollback", "export", "download", "login",
           "login_failed", "logout", "user_add", "user_remove",
           "scenario_save", "event_add", "measure_effect",   # issue 13
           "estimate_corrections", "estimate_review")        # the estimate review page
GENESIS = "0" * 64


class AuditTampered(RuntimeError):
    pass


def audit_path(db: Path | str | None = None) -> Path:
    if os.environ.get("SANWARI_AUDIT"):
        return Path(os.environ["SANWARI_AUDIT"])
    db = Path(db or database_path())
    return db.parent / "audit" / f"{db.stem}.audit.jsonl"


def accounts_log(users: Path | str) -> Path:
    """Where account changes are logged: the served database's log when SANWARI_DB (or
    SANWARI_AUDIT) names one, else a log beside the users file, never the demo database's."""
    if os.environ.get("SANWARI_AUDIT") or os.environ.get("SANWARI_DB"):
        return audit_path()
    users = Path(users)
    return users.parent / "audit" / f"{users.stem}.audit.jsonl"


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
    path = kwargs_path(db) or audit_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = state.current()
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "r+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        last = _last_line(f)
        entry["prev"] = hashlib.sha256(last).hexdigest() if last else GENESIS
        line = json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8")
        head = store.audit_head(_log_id(path))
        if head is None:            # a new log, or one from before anchoring: anchor from here
            entries = (_count_lines(f) if last else 0) + 1
            since = entries
        else:
            entries, since = head[0] + 1, head[2]
        f.write(line + b"\n")
        f.flush()
        os.fsync(f.fileno())
        _anchor(store, path, entries, hashlib.sha256(line).hexdigest(), since)
    return entry


def kwargs_path(db) -> Path | None:
    """`db` may name the log itself (a *.jsonl path): account changes use their own log."""
    return Path(db) if db is not None and str(db).endswith(".jsonl") else None


def _log_id(path: Path) -> str:
    return str(Path(path).resolve())


def _mac(store, log: str, entries: int, head: str, since: int) -> str:
    return hmac.new(store.secret("audit"), f"{log}|{entries}|{head}|{since}".encode(),
                    hashlib.sha256).hexdigest()


def _anchor(store, path: Path, entries: int, head: str, since: int) -> None:
    log = _log_id(path)
    store.set_audit_head(log, entries, head, since, _mac(store, log, entries, head, since))


def _count_lines(f) -> int:
    f.seek(0)
    return sum(1 for line in f if line.strip())


def read(db: Path | str | None = None) -> list[dict]:
    path = kwargs_path(db) or audit_path(db)
    if not path.exists():
        return []
    with open(path, "rb") as f:
        return [json.loads(line) for line in f if line.strip()]


def verify(db: Path | str | None = None) -> int:
    """The number of entries if the log is whole and matches its anchor; AuditTampered saying
    what is wrong (a broken chain names the first broken line)."""
    path = kwargs_path(db) or audit_path(db)
    store = state.current()
    log = _log_id(path)
    anchor = store.audit_head(log)
    if anchor is not None:
        entries, head, since, mac = anchor
        if not hmac.compare_digest(mac, _mac(store, log, entries, head, since)):
            raise AuditTampered("監査ログの基準点（アンカー）の署名が合いません / the audit anchor's "
                                "signature does not match")
    if not path.exists():
        if anchor is not None and anchor[0] > 0:
            raise AuditTampered(f"監査ログのファイルがありません（{anchor[0]} 件あるはず） / the audit log "
                                f"file is missing ({anchor[0]} entries were written)")
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
    if anchor is None:
        if count:
            raise AuditTampered("監査ログに基準点（アンカー）がありません / the audit log has no anchor")
        return 0
    if count < anchor[0]:
        raise AuditTampered(f"監査ログが切り詰められています：{count} 件（{anchor[0]} 件あるはず） / "
                            f"the audit log was truncated: {count} of {anchor[0]} entries")
    if count > anchor[0]:
        raise AuditTampered(f"監査ログに記録経路外の行があります：{count} 件（{anchor[0]} 件のはず） / "
                            f"lines were added outside the writer: {count}, anchored {anchor[0]}")
    if prev != anchor[1]:
        raise AuditTampered("監査ログが書き換えられています（最終行のハッシュが基準点と違います） / "
                            "the audit log was rewritten (its last line differs from the anchor)")
    return count


def anchored_since(db: Path | str | None = None) -> int:
    """The first line the anchor covers (1 for a log anchored from its start)."""
    anchor = state.current().audit_head(_log_id(kwargs_path(db) or audit_path(db)))
    return anchor[2] if anchor else 1
