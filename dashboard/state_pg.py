"""The server state (dashboard/state.py) in PostgreSQL, for replicas on several hosts.

Chosen by `state.current()` when SANWARI_STATE_URL names a database
(postgresql://user@host/db). Same interface and the same rules as SqliteState: tokens kept
only as SHA-256 hashes, every method one short transaction. SQLite serialises writers with
`begin immediate`; here each transaction first takes one transaction-scoped advisory lock,
so read-modify-write steps (a throttle's failure count, the audit head) are serialised
across every replica on every host the same way. The random key that signs the audit
anchors lives in the database too (one per name, made by the first replica that asks).
"""
from __future__ import annotations

import secrets
import time
from typing import Callable

from dashboard.state_records import (MAX_THROTTLE_ROWS, THROTTLE_FORGET_SECONDS, Download,
                                     Session, token_hash)

SCHEMA = """
create table if not exists sanwari_session (
    token_hash text primary key, account text not null, source text not null,
    created_at double precision not null, seen_at double precision not null);
create index if not exists sanwari_session_account on sanwari_session (account);
create table if not exists sanwari_throttle (
    key text primary key, failures integer not null, until double precision not null,
    updated_at double precision not null);
create table if not exists sanwari_download (
    token_hash text primary key, session_hash text not null, account text not null,
    file_name text not null, mime text not null, data bytea not null,
    expires_at double precision not null);
create table if not exists sanwari_audit_head (
    log text primary key, entries integer not null, head text not null, since integer not null,
    mac text not null);
create table if not exists sanwari_secret (name text primary key, key bytea not null);
"""
LOCK_ID = 0x5A4E5741   # one advisory lock for the state's writers ("SNWA")


class PostgresState:
    def __init__(self, url: str, clock: Callable[[], float] = time.time):
        import psycopg
        self.url = url
        self.clock = clock
        self._psycopg = psycopg
        import threading
        self._local = threading.local()
        with self._tx() as cur:
            cur.execute(SCHEMA)

    def _raw(self):
        con = getattr(self._local, "con", None)
        if con is None or con.closed:     # one connection per thread, as SqliteState
            con = self._psycopg.connect(self.url, autocommit=True, connect_timeout=10)
            self._local.con = con
        return con

    def _tx(self) -> "_Tx":
        return _Tx(self._raw())

    # ------------------------------------------------------------ sessions
    def create_session(self, account: str, source: str) -> str:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._tx() as cur:
            cur.execute("insert into sanwari_session values (%s, %s, %s, %s, %s)",
                        (token_hash(token), account, source, now, now))
        return token

    def session(self, token: str | None, idle: float, total: float) -> Session | None:
        if not token:
            return None
        now = self.clock()
        key = token_hash(token)
        with self._tx() as cur:
            row = cur.execute("select account, source, created_at, seen_at from sanwari_session "
                              "where token_hash = %s", (key,)).fetchone()
            if row is None:
                return None
            if now - row[2] > total or now - row[3] > idle:
                cur.execute("delete from sanwari_session where token_hash = %s", (key,))
                return None
            cur.execute("update sanwari_session set seen_at = %s where token_hash = %s", (now, key))
        return Session(row[0], row[1], row[2], now)

    def end_session(self, token: str | None) -> None:
        if token:
            with self._tx() as cur:
                cur.execute("delete from sanwari_session where token_hash = %s", (token_hash(token),))
                cur.execute("delete from sanwari_download where session_hash = %s", (token_hash(token),))

    def end_account_sessions(self, account: str) -> int:
        with self._tx() as cur:
            cur.execute("delete from sanwari_download where account = %s", (account,))
            return cur.execute("delete from sanwari_session where account = %s", (account,)).rowcount

    # ------------------------------------------------------------ throttling
    def throttle(self, key: str) -> tuple[int, float]:
        with self._tx() as cur:
            row = cur.execute("select failures, until from sanwari_throttle where key = %s",
                              (key,)).fetchone()
        return (row[0], row[1]) if row else (0, 0.0)

    def record_failure(self, key: str, delay: Callable[[int], float]) -> float:
        now = self.clock()
        with self._tx() as cur:
            row = cur.execute("select failures, updated_at from sanwari_throttle where key = %s",
                              (key,)).fetchone()
            failures = 1 if row is None or now - row[1] > THROTTLE_FORGET_SECONDS else row[0] + 1
            until = now + delay(failures)
            cur.execute("insert into sanwari_throttle values (%s, %s, %s, %s) on conflict (key) do "
                        "update set failures = excluded.failures, until = excluded.until, "
                        "updated_at = excluded.updated_at", (key, failures, until, now))
            cur.execute("delete from sanwari_throttle where updated_at < %s",
                        (now - THROTTLE_FORGET_SECONDS,))
            cur.execute("delete from sanwari_throttle where key in (select key from sanwari_throttle "
                        "order by updated_at desc offset %s)", (MAX_THROTTLE_ROWS,))
        return until

    def clear_throttle(self, key: str) -> None:
        with self._tx() as cur:
            cur.execute("delete from sanwari_throttle where key = %s", (key,))

    def throttle_rows(self) -> int:
        with self._tx() as cur:
            return cur.execute("select count(*) from sanwari_throttle").fetchone()[0]

    # ------------------------------------------------------------ downloads
    def put_download(self, session_token: str, account: str, file_name: str, mime: str,
                     data: bytes, ttl: float = 120) -> str:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._tx() as cur:
            cur.execute("delete from sanwari_download where expires_at < %s", (now,))
            cur.execute("insert into sanwari_download values (%s, %s, %s, %s, %s, %s, %s)",
                        (token_hash(token), token_hash(session_token), account, file_name, mime,
                         data, now + ttl))
        return token

    def take_download(self, token: str | None, session_token: str | None) -> Download | None:
        if not token or not session_token:
            return None
        now = self.clock()
        with self._tx() as cur:
            row = cur.execute("delete from sanwari_download where token_hash = %s returning "
                              "session_hash, account, file_name, mime, data, expires_at",
                              (token_hash(token),)).fetchone()
        if row is None or row[5] < now or row[0] != token_hash(session_token):
            return None
        return Download(row[0], row[1], row[2], row[3], bytes(row[4]))

    # ------------------------------------------------------------ audit head
    def audit_head(self, log: str) -> tuple[int, str, int, str] | None:
        with self._tx() as cur:
            row = cur.execute("select entries, head, since, mac from sanwari_audit_head "
                              "where log = %s", (log,)).fetchone()
        return tuple(row) if row else None

    def set_audit_head(self, log: str, entries: int, head: str, since: int, mac: str) -> None:
        with self._tx() as cur:
            cur.execute("insert into sanwari_audit_head values (%s, %s, %s, %s, %s) on conflict (log) "
                        "do update set entries = excluded.entries, head = excluded.head, "
                        "since = excluded.since, mac = excluded.mac", (log, entries, head, since, mac))

    def secret(self, name: str) -> bytes:
        with self._tx() as cur:
            cur.execute("insert into sanwari_secret values (%s, %s) on conflict (name) do nothing",
                        (name, secrets.token_bytes(32)))
            return bytes(cur.execute("select key from sanwari_secret where name = %s",
                                     (name,)).fetchone()[0])


class _Tx:
    """One transaction holding the state's advisory lock; commit on success."""

    def __init__(self, con):
        self.con = con

    def __enter__(self):
        self.cur = self.con.cursor()
        self.cur.execute("begin")
        self.cur.execute("select pg_advisory_xact_lock(%s)", (LOCK_ID,))
        return self.cur

    def __exit__(self, kind, exc, tb) -> None:
        try:
            self.cur.execute("commit" if kind is None else "rollback")
        finally:
            self.cur.close()
