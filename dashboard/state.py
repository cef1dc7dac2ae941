"""Server-side state shared by every server process (dashboard/state_base.py: the interface
and its rules), kept in a SQLite file, and `current()`: the store of this deployment.

The file (WAL, mode 0600) is `$SANWARI_STATE`, by default `<users folder>/<users
name>.state.sqlite`; replicas on one host or on one shared volume use the same file, each
write one `begin immediate` transaction, so writers of every process are serialised. With
SANWARI_STATE_URL set, the same interface is kept in PostgreSQL (dashboard/state_pg.py).
The key that signs the audit anchors is a file beside the store (mode 0600).
"""
from __future__ import annotations

import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable

from dashboard.state_base import StateStore
from dashboard.state_records import (MAX_THROTTLE_ROWS, THROTTLE_FORGET_SECONDS,  # noqa: F401
                                     Download, Session, token_hash)

SCHEMA = """
create table if not exists session (
    token_hash text primary key, account text not null, source text not null,
    created_at real not null, seen_at real not null);
create index if not exists session_account on session (account);
create table if not exists throttle (
    key text primary key, failures integer not null, until real not null, updated_at real not null);
create table if not exists download (
    token_hash text primary key, session_hash text not null, account text not null,
    file_name text not null, mime text not null, data blob not null, expires_at real not null);
create table if not exists audit_head (
    log text primary key, entries integer not null, head text not null, since integer not null,
    mac text not null);
"""


class SqliteState(StateStore):
    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.clock = clock
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        self._raw().executescript(SCHEMA)

    def _raw(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:     # one connection per thread (Streamlit runs sessions in threads)
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.execute("pragma journal_mode = wal")
            con.execute("pragma busy_timeout = 10000")
            self._local.con = con
        return con

    def _tx(self) -> "_Tx":
        return _Tx(self._raw())

    def secret(self, name: str) -> bytes:
        """A random key kept beside this store (mode 0600), made on first use."""
        path = self.path.with_name(f"{self.path.stem}.{name}.key")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            for _ in range(50):             # another process may be writing it this instant
                key = path.read_bytes()
                if len(key) == 32:
                    return key
                time.sleep(0.02)
            raise RuntimeError(f"{path}: not a 32-byte key") from None
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        return key


class _Tx:
    """`with store._tx() as con:` runs the block in one immediate transaction."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self) -> sqlite3.Connection:
        self.con.execute("begin immediate")
        return self.con

    def __exit__(self, kind, exc, tb) -> None:
        self.con.execute("commit" if kind is None else "rollback")


def state_path() -> Path:
    if os.environ.get("SANWARI_STATE"):
        return Path(os.environ["SANWARI_STATE"])
    from dashboard.config import DATA_DIR      # (accounts.users_path, without importing accounts)
    users = Path(os.environ.get("SANWARI_USERS") or DATA_DIR / "users.toml")
    return users.with_name(f"{users.stem}.state.sqlite")


_stores: dict[str, SqliteState] = {}
_lock = threading.Lock()


def current() -> StateStore:
    """The store of this deployment (one per path or URL per process): PostgreSQL when
    SANWARI_STATE_URL names one (replicas on several hosts), else the SQLite file."""
    url = os.environ.get("SANWARI_STATE_URL")
    key = url or str(state_path())
    with _lock:
        if key not in _stores:
            if url:
                from dashboard.state_pg import PostgresState
                _stores[key] = PostgresState(url)
            else:
                _stores[key] = SqliteState(key)
        return _stores[key]
