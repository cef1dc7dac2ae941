"""The one interface of the server state shared by every replica: sessions, sign-in
throttles, download tokens and the audit log's anchored head.

Every rule is written once, here, in SQL that SQLite (dashboard/state.py, the default: a
file in WAL mode on the shared volume) and PostgreSQL (dashboard/state_pg.py, when
SANWARI_STATE_URL names one: replicas on several hosts) both run as written. A subclass
supplies only what differs: how a connection is opened, how one transaction serialises
the writers of every replica (`_tx`), the schema's column types, and where the random key
that signs the audit anchors is kept (`secret`). Statements use `?` placeholders; the
PostgreSQL cursor turns them into psycopg's `%s` (no statement here holds a literal ? or %).

Nothing secret is stored in the clear: session and download tokens are kept as SHA-256
hashes, so a copy of the store lets nobody sign in or fetch a file. The clock is
injectable (`SqliteState(path, clock=...)`) so expiry and back-off are tested without
sleeping.
"""
from __future__ import annotations

import secrets
from typing import Callable, ContextManager

from dashboard.state_records import (MAX_THROTTLE_ROWS, THROTTLE_FORGET_SECONDS, Download,
                                     Session, token_hash)


class StateStore:
    clock: Callable[[], float]

    def _tx(self) -> ContextManager:
        """One transaction, serialised against every other writer of this store (on any
        replica); yields an object with `execute(sql, params)` returning a cursor."""
        raise NotImplementedError

    def secret(self, name: str) -> bytes:
        """A random 32-byte key, the same for every replica, made on first use."""
        raise NotImplementedError

    # ------------------------------------------------------------ sessions
    def create_session(self, account: str, source: str) -> str:
        """A new session for `account`; returns the token (only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._tx() as con:
            con.execute("insert into session values (?, ?, ?, ?, ?)",
                        (token_hash(token), account, source, now, now))
        return token

    def session(self, token: str | None, idle: float, total: float) -> Session | None:
        """The live session of a token (its seen time refreshed), or None; expired ones end."""
        if not token:
            return None
        now = self.clock()
        key = token_hash(token)
        with self._tx() as con:
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
            with self._tx() as con:
                con.execute("delete from session where token_hash = ?", (token_hash(token),))
                con.execute("delete from download where session_hash = ?", (token_hash(token),))

    def end_account_sessions(self, account: str) -> int:
        """End every session of an account (password, role or import right changed, removed)."""
        with self._tx() as con:
            con.execute("delete from download where account = ?", (account,))
            return con.execute("delete from session where account = ?", (account,)).rowcount

    # ------------------------------------------------------------ throttling
    def throttle(self, key: str) -> tuple[int, float]:
        """(failures, blocked until) for a throttle key."""
        with self._tx() as con:
            row = con.execute("select failures, until from throttle where key = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else (0, 0.0)

    def attempt(self, keys: dict[str, Callable[[int], float]], now: float | None = None,
                count: set[str] | None = None) -> float:
        """One sign-in attempt under several throttle keys, each with its back-off rule
        (failures → seconds). If any key must still wait, nothing is counted and the longest
        wait is returned; otherwise the keys in `count` (all when None) count one more attempt
        (before the password is checked, so parallel guesses cannot slip past, on any replica)
        and 0 is returned. The others are only checked here and counted by fail()."""
        now = self.clock() if now is None else now
        with self._tx() as con:
            rows = {k: self._row(con, k) for k in keys}
            wait = max((r[1] - now for r in rows.values() if r and r[1] > now), default=0.0)
            if wait > 0:
                return wait
            for k, delay in keys.items():
                if count is None or k in count:
                    self._count(con, k, delay, rows[k], now)
            con.execute("delete from throttle where updated_at < ?", (now - THROTTLE_FORGET_SECONDS,))
            # never more than MAX_THROTTLE_ROWS: the newest are kept
            con.execute("delete from throttle where updated_at <= (select updated_at from throttle "
                        "order by updated_at desc limit 1 offset ?)", (MAX_THROTTLE_ROWS,))
        return 0.0

    def fail(self, key: str, delay: Callable[[int], float], now: float | None = None) -> None:
        """Count one wrong password under a key that attempt() only checked."""
        now = self.clock() if now is None else now
        with self._tx() as con:
            self._count(con, key, delay, self._row(con, key), now)

    @staticmethod
    def _row(con, key: str):
        return con.execute("select failures, until, updated_at from throttle where key = ?",
                           (key,)).fetchone()

    @staticmethod
    def _count(con, key: str, delay: Callable[[int], float], row, now: float) -> None:
        failures = 1 if row is None or now - row[2] > THROTTLE_FORGET_SECONDS else row[0] + 1
        con.execute("insert into throttle values (?, ?, ?, ?) on conflict (key) do update "
                    "set failures = excluded.failures, until = excluded.until, "
                    "updated_at = excluded.updated_at", (key, failures, now + delay(failures), now))

    def clear_throttle(self, key: str) -> None:
        with self._tx() as con:
            con.execute("delete from throttle where key = ?", (key,))

    def forget_throttles(self) -> None:
        """Forget every sign-in throttle (an administrator's reset)."""
        with self._tx() as con:
            con.execute("delete from throttle", ())

    def throttle_rows(self) -> int:
        with self._tx() as con:
            return con.execute("select count(*) from throttle", ()).fetchone()[0]

    # ------------------------------------------------------------ downloads
    def put_download(self, session_token: str, account: str, file_name: str, mime: str,
                     data: bytes, ttl: float = 120) -> str:
        """A single-use download token for the session that asked for the file."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self._tx() as con:
            con.execute("delete from download where expires_at < ?", (now,))
            con.execute("insert into download values (?, ?, ?, ?, ?, ?, ?)",
                        (token_hash(token), token_hash(session_token), account, file_name, mime,
                         data, now + ttl))
        return token

    def take_download(self, token: str | None, session_token: str | None) -> Download | None:
        """The file of a token, once, if it has not expired and the same session asks. A
        request from another session leaves the token alone (a stranger holding the address
        cannot spend it), so only its owner's fetch or its expiry ends it."""
        if not token or not session_token:
            return None
        now = self.clock()
        with self._tx() as con:
            row = con.execute("delete from download where token_hash = ? and session_hash = ? returning "
                              "session_hash, account, file_name, mime, data, expires_at",
                              (token_hash(token), token_hash(session_token))).fetchone()
        if row is None or row[5] < now:
            return None
        return Download(row[0], row[1], row[2], row[3], bytes(row[4]))

    # ------------------------------------------------------------ audit head
    def audit_head(self, log: str) -> tuple[int, str, int, str] | None:
        """(entries, hash of the last line, first anchored line, MAC) of an audit log."""
        with self._tx() as con:
            row = con.execute("select entries, head, since, mac from audit_head where log = ?",
                              (log,)).fetchone()
        return tuple(row) if row else None

    def set_audit_head(self, log: str, entries: int, head: str, since: int, mac: str) -> None:
        with self._tx() as con:
            con.execute("insert into audit_head values (?, ?, ?, ?, ?) on conflict (log) do update "
                        "set entries = excluded.entries, head = excluded.head, "
                        "since = excluded.since, mac = excluded.mac", (log, entries, head, since, mac))
