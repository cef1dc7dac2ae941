"""The server state (dashboard/state_base.py) in PostgreSQL, for replicas on several hosts.

Chosen by `state.current()` when SANWARI_STATE_URL names a database
(postgresql://user@host/db). The rules are the base class's, run as written; this class
only connects, keeps its tables in their own schema `sanwari` (the database may hold
others'), and serialises writers: SQLite does that with `begin immediate`, here each
transaction first takes one transaction-scoped advisory lock, so read-modify-write steps
(a throttle's failure count, the audit head) are serialised across every replica on every
host the same way. The random key that signs the audit anchors lives in the database too
(one per name, made by the first replica that asks).
"""
from __future__ import annotations

import secrets
import threading
import time
from typing import Callable

from dashboard.state_base import StateStore

SCHEMA = """
create schema if not exists sanwari;
create table if not exists sanwari.session (
    token_hash text primary key, account text not null, source text not null,
    created_at double precision not null, seen_at double precision not null);
create index if not exists session_account on sanwari.session (account);
create table if not exists sanwari.throttle (
    key text primary key, failures integer not null, until double precision not null,
    updated_at double precision not null);
create table if not exists sanwari.download (
    token_hash text primary key, session_hash text not null, account text not null,
    file_name text not null, mime text not null, data bytea not null,
    expires_at double precision not null);
create table if not exists sanwari.audit_head (
    log text primary key, entries integer not null, head text not null, since integer not null,
    mac text not null);
create table if not exists sanwari.secret (name text primary key, key bytea not null);
"""
LOCK_ID = 0x5A4E5741   # one advisory lock for the state's writers ("SNWA")


class PostgresState(StateStore):
    def __init__(self, url: str, clock: Callable[[], float] = time.time):
        import psycopg
        self.url = url
        self.clock = clock
        self._psycopg = psycopg
        self._local = threading.local()
        with self._tx() as cur:
            cur.execute(SCHEMA)         # no parameters: several statements in one go

    def _raw(self):
        con = getattr(self._local, "con", None)
        if con is None or con.closed:     # one connection per thread, as SqliteState
            con = self._psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                                        options="-c search_path=sanwari")
            self._local.con = con
        return con

    def _tx(self) -> "_Tx":
        return _Tx(self._raw())

    def secret(self, name: str) -> bytes:
        with self._tx() as cur:
            cur.execute("insert into secret values (?, ?) on conflict (name) do nothing",
                        (name, secrets.token_bytes(32)))
            return bytes(cur.execute("select key from secret where name = ?", (name,)).fetchone()[0])


class _Cursor:
    """A psycopg cursor that takes the base class's `?` placeholders."""

    def __init__(self, cur):
        self.cur = cur

    def execute(self, sql: str, params=None):
        return self.cur.execute(sql.replace("?", "%s"), params)


class _Tx:
    """One transaction holding the state's advisory lock; commit on success."""

    def __init__(self, con):
        self.con = con

    def __enter__(self) -> _Cursor:
        self.cur = self.con.cursor()
        self.cur.execute("begin")
        self.cur.execute("select pg_advisory_xact_lock(%s)", (LOCK_ID,))
        return _Cursor(self.cur)

    def __exit__(self, kind, exc, tb) -> None:
        try:
            self.cur.execute("commit" if kind is None else "rollback")
        finally:
            self.cur.close()
