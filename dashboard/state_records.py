"""What both state stores (SQLite: dashboard/state.py, PostgreSQL: dashboard/state_pg.py)
hand out, and the limits they share."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

MAX_THROTTLE_ROWS = 10_000          # the attempts table never grows past this
THROTTLE_FORGET_SECONDS = 24 * 3600


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Session:
    account: str
    source: str
    created_at: float
    seen_at: float


@dataclass(frozen=True)
class Download:
    session_hash: str
    account: str
    file_name: str
    mime: str
    data: bytes
