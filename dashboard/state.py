"""Server-side state shared by every server process: sessions, sign-in throttles, download
tokens and the audit log's anchored head. One small interface, one implementation now.

`current()` returns the store for this deployment: a SQLite file (WAL, mode 0600), by
default `<users folder>/<users name>.state.sqlite`, or `$SANWARI_STATE`. Several Streamlit
processes on one machine share it safely. A deployment with several machines needs the same
interface on a shared database (PostgreSQL): every method below is one short transaction on
one table, keyed as written here, so that port is a second class, not a redesign.

Nothing secret is stored in the clear: session and download tokens are kept as SHA-256
hashes, so a copy of this file lets nobody sign in or fetch a file.

The clock is injectable (`SqliteState(path, clock=...)`) so expiry and back-off are tested
without sleeping.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable

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
class SqliteState:
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

    def _con(self) -> "_Tx":
        return _Tx(self._raw())

    # ------------------------------------------------------------ sessions
    def create_session(self, account: str, source: str) -> str:
        """A new session for `account`; returns the token (only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._con() as con:
            con.execute("insert into session values (?, ?, ?, ?, ?)",
                        (token_hash(token), account, source, now, now))
        return token

    def session(self, token: str | None, idle: float, total: float) -> Session | None:
        """The live session of a token (its seen time refreshed), or None; expired ones end."""
        if not token:
            return None
        now = self.clock()
        key = token_hash(token)
        with self._con() as con:
            row = con.execute("select account, source, created_at, seen_at from session "
                              "where token_hash = ?", (key,)).fetchone()
            if row is None:
                return None
            if now - row[2] > total or now - row[3] > idle:
                con.execute("delete from session where token_hash = ?", (key,))
                return None
            con.execute("update session set seen_at = ? where token_hash = ?", (now, key))
        return Session(row[0], row[1], row[2], now)

    def end_session(self, token: str | None) -> None:
        if token:
            with self._con() as con:
                con.execute("delete from session where token_hash = ?", (token_hash(token),))
                con.execute("delete from download where session_hash = ?", (token_hash(token),))

    def end_account_sessions(self, account: str) -> int:
        """End every session of an account (password, role or import right changed, removed)."""
        with self._con() as con:
            con.execute("delete from download where account = ?", (account,))
            return con.execute("delete from session where account = ?", (account,)).rowcount

    # ------------------------------------------------------------ throttling
    def throttle(self, key: str) -> tuple[int, float]:
        """(failures, blocked until) for a throttle key."""
        with self._con() as con:
            row = con.execute("select failures, until from throttle where key = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else (0, 0.0)

    def attempt(self, keys: dict[str, Callable[[int], float]], now: float | None = None) -> float:
        """One sign-in attempt under several throttle keys, each with its back-off rule
        (failures → seconds). If any key must still wait, nothing is counted and the longest
        wait is returned; otherwise every key counts one more attempt (before the password is
        checked, so parallel guesses cannot slip past) and 0 is returned."""
        now = self.clock() if now is None else now
        with self._con() as con:
            rows = {k: con.execute("select failures, until, updated_at from throttle where key = ?",
                                   (k,)).fetchone() for k in keys}
            wait = max((r[1] - now for r in rows.values() if r and r[1] > now), default=0.0)
            if wait > 0:
                return wait
            for k, delay in keys.items():
                r = rows[k]
                failures = 1 if r is None or now - r[2] > THROTTLE_FORGET_SECONDS else r[0] + 1
                con.execute("insert or replace into throttle values (?, ?, ?, ?)",
                            (k, failures, now + delay(failures), now))
            con.execute("delete from throttle where updated_at < ?", (now - THROTTLE_FORGET_SECONDS,))
            con.execute("delete from throttle where key in (select key from throttle order by "
                        "updated_at desc limit -1 offset ?)", (MAX_THROTTLE_ROWS,))
        return 0.0

    def forgive(self, key: str) -> None:
        """Take back the one attempt a successful sign-in counted (the client's other
        failures stay)."""
        with self._con() as con:
            con.execute("update throttle set failures = max(failures - 1, 0) where key = ?", (key,))

    def clear_throttle(self, key: str) -> None:
        with self._con() as con:
            con.execute("delete from throttle where key = ?", (key,))

    def forget_throttles(self) -> None:
        """Forget every sign-in throttle (an administrator's reset)."""
        with self._con() as con:
            con.execute("delete from throttle")

    def throttle_rows(self) -> int:
        with self._con() as con:
            return con.execute("select count(*) from throttle").fetchone()[0]

    # ------------------------------------------------------------ downloads
    def put_download(self, session_token: str, account: str, file_name: str, mime: str,
                     data: bytes, ttl: float = 120) -> str:
        """A single-use download token for the session that asked for the file."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._con() as con:
            con.execute("delete from download where expires_at < ?", (now,))
            con.execute("insert into download values (?, ?, ?, ?, ?, ?, ?)",
                        (token_hash(token), token_hash(session_token), account, file_name, mime,
                         data, now + ttl))
        return token

    def take_download(self, token: str | None, session_token: str | None) -> Download | None:
        """The file of a token, once, if it has not expired and the same session asks."""
        if not token or not session_token:
            return None
        now = self.clock()
        with self._con() as con:
            row = con.execute("delete from download where token_hash = ? returning session_hash, "
                              "account, file_name, mime, data, expires_at", (token_hash(token),)).fetchone()
        if row is None or row[5] < now or row[0] != token_hash(session_token):
            return None
        return Download(row[0], row[1], row[2], row[3], bytes(row[4]))

    # ------------------------------------------------------------ audit head
    def audit_head(self, log: str) -> tuple[int, str, int, str] | None:
        """(entries, hash of the last line, first anchored line, MAC) of an audit log."""
        with self._con() as con:
            row = con.execute("select entries, head, since, mac from audit_head where log = ?",
                              (log,)).fetchone()
        return tuple(row) if row else None

    def set_audit_head(self, log: str, entries: int, head: str, since: int, mac: str) -> None:
        with self._con() as con:
            con.execute("insert or replace into audit_head values (?, ?, ?, ?, ?)",
                        (log, entries, head, since, mac))

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
    """`with state._con() as con:` runs the block in one immediate transaction."""

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


def current() -> SqliteState:
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
