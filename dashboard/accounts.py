"""The role table and local accounts: identity → role (Scope) and import right.

One TOML file (SANWARI_USERS, default data/users.toml, gitignored) holds every identity
the dashboard knows. A key is a local account name or an OIDC e-mail address; a local
account has an argon2id hash (salted, from argon2-cffi), an OIDC identity has none and
can only sign in through the provider. Managed with `python -m dashboard user`.

Repeated wrong passwords are slowed down on the server, in the shared state
(dashboard/state.py: private, bounded, forgotten after a day), with exponential back-off
rather than a lock, under two keys:
- the account as tried from one client: after 2 wrong passwords each further attempt
  waits 2, 4, 8 … seconds (at most 15 minutes);
- the client, over every name it tries (password spraying): after 10 wrong passwords,
  1, 2, 4 … seconds (at most 15 minutes).
No key covers an account from every client, so a stranger cannot keep anyone else out:
the account's owner signs in from their own client at once. Under the account-and-client
key an attempt is counted before the hash is verified (parallel guesses at one account cannot
slip past the count); the client key counts only wrong passwords, after the check, so the
staff of an office behind one address (a shared gateway) signing in at the same moment are
never held back by each other's right passwords (40 parallel sign-ins from one address were
refused "try again in 1 s" when every attempt counted). The hash is verified with no lock
held, and a correct password clears only its own account-and-client key.
Unknown names cost a hash verification too, so the form does not reveal which names exist.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import time
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.config import DATA_DIR
from dashboard.scope import Scope

NAME = re.compile(r"[a-z0-9][a-z0-9._@+-]{0,127}")
MIN_PASSWORD = 10
FREE_FAILURES = 2            # wrong passwords for one account from one client before any wait
CLIENT_FREE_FAILURES = 10    # wrong passwords from one client, any names, before any wait
MAX_LOCK_SECONDS = 15 * 60
_hasher = PasswordHasher()   # argon2id, random 16-byte salt per hash


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against for unknown names, so they take as long as known ones. Made on first
    use: hashing at import cost every CLI command (summary, import) a quarter of a second."""
    return _hasher.hash("sanwari-dummy-password")


class AccountError(ValueError):
    """A problem with the role table meant for people (bad name, role or password)."""


class Throttled(PermissionError):
    def __init__(self, seconds: int):
        super().__init__(f"試行回数が多すぎます。{seconds} 秒後に再度お試しください。 / "
                         f"Too many attempts; try again in {seconds} s.")
        self.seconds = seconds


@dataclass(frozen=True)
class Account:
    name: str
    role: Scope
    may_import: bool = False
    password_hash: str | None = field(default=None, repr=False)
    created_at: str = ""

    @property
    def local(self) -> bool:
        return self.password_hash is not None


def users_path() -> Path:
    return Path(os.environ.get("SANWARI_USERS") or DATA_DIR / "users.toml")


def normalise_name(name: str) -> str:
    """Names and e-mail addresses compare case-insensitively."""
    clean = (name or "").strip().lower()
    if not NAME.fullmatch(clean):
        raise AccountError(f"使えない名前です / invalid account name {name!r} "
                           "(letters, digits and . _ @ + -, at most 128)")
    return clean


# ---------------------------------------------------------------- the file
_cache: dict[str, tuple[tuple, dict[str, Account]]] = {}


def load(path: Path | None = None) -> dict[str, Account]:
    """Every account, re-read whenever the file changes (so `user remove` acts at once)."""
    path = Path(path or users_path())
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {}
    stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
    cached = _cache.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    with open(path, "rb") as f:
        raw = tomllib.load(f).get("users", {})
    accounts = {name: Account(name, Scope.parse(v["role"]), bool(v.get("may_import", False)),
                              v.get("password_hash"), str(v.get("created_at", "")))
                for name, v in raw.items()}
    _cache[str(path)] = (stamp, accounts)
    return accounts


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)   # JSON string escapes are valid TOML


def save(accounts: dict[str, Account], path: Path | None = None) -> None:
    """Write atomically, readable by the owner only."""
    path = Path(path or users_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Sanwari accounts and roles. Managed by `python -m dashboard user`; "
             "do not commit this file.", ""]
    for a in sorted(accounts.values(), key=lambda a: a.name):
        lines.append(f"[users.{_toml_str(a.name)}]")
        lines.append(f"role = {_toml_str(str(a.role))}")
        lines.append(f"may_import = {'true' if a.may_import else 'false'}")
        if a.password_hash:
            lines.append(f"password_hash = {_toml_str(a.password_hash)}")
        lines.append(f"created_at = {_toml_str(a.created_at)}")
        lines.append("")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)


def add(name: str, role: Scope, *, may_import: bool = False, password: str | None = None,
        path: Path | None = None, replace: bool = False) -> Account:
    name = normalise_name(name)
    accounts = dict(load(path))
    if name in accounts and not replace:
        raise AccountError(f"{name} は既に登録されています / {name} exists (use --replace)")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"パスワードは {MIN_PASSWORD} 文字以上 / password needs at least "
                           f"{MIN_PASSWORD} characters")
    account = Account(name, role, may_import, _hasher.hash(password) if password else None,
                      datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    accounts[name] = account
    save(accounts, path)
    _end_sessions(name)          # a new password, role or import right: every session ends
    return account


def _end_sessions(name: str) -> None:
    from dashboard import state
    state.current().end_account_sessions(name)


def remove(name: str, path: Path | None = None) -> None:
    name = normalise_name(name)
    accounts = dict(load(path))
    if accounts.pop(name, None) is None:
        raise AccountError(f"{name} は登録されていません / no account named {name}")
    save(accounts, path)
    _end_sessions(name)


def get(name: str, path: Path | None = None) -> Account | None:
    try:
        return load(path).get(normalise_name(name))
    except AccountError:
        return None


# ---------------------------------------------------------------- passwords
def lock_seconds(failures: int, free: int = FREE_FAILURES) -> int:
    """Exponential back-off: 0 for the first `free - 1` failures, then 2, 4, 8 … s after the
    `free`th, up to MAX_LOCK_SECONDS. With free=2: the 3rd attempt waits 2 s."""
    if failures < free:
        return 0
    return min(2 ** (failures - free + 1), MAX_LOCK_SECONDS)


def _client_seconds(failures: int) -> int:
    return 0 if failures < CLIENT_FREE_FAILURES else \
        min(2 ** (failures - CLIENT_FREE_FAILURES), MAX_LOCK_SECONDS)


def verify(name: str, password: str, path: Path | None = None, now: float | None = None,
           client: str | None = None) -> Account | None:
    """The account if the password is right, None if not; Throttled while this account from
    this client, or this client, must wait. `client`: the address the request came from."""
    from dashboard import state
    now = time.time() if now is None else now
    key = (name or "").strip().lower()[:128] or "?"
    client = (client or "")[:64]
    pair = f"pair:{hashlib.sha256(f'{key}|{client}'.encode()).hexdigest()}"
    keys = {pair: lock_seconds}
    client_key = f"client:{client}" if client else None   # no address (tests, scripts): no key
    if client_key:
        keys[client_key] = _client_seconds
    store = state.current()
    wait = store.attempt(keys, now, count={pair})          # short transaction, counted first
    if wait:
        raise Throttled(math.ceil(wait))
    account = get(key, path)
    target = account.password_hash if account and account.local else _dummy_hash()
    try:                                                  # no lock held while hashing
        ok = _hasher.verify(target, password or "") and account is not None and account.local
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok:
        if client_key:
            store.fail(client_key, _client_seconds, now)
        return None
    store.clear_throttle(pair)
    return account


# ---------------------------------------------------------------- users of the app
@dataclass(frozen=True)
class User:
    id: str
    source: str            # local | oidc | demo (anonymous open demo) | cli
    scope: Scope
    may_import: bool = False

    @property
    def anonymous(self) -> bool:
        return self.source == "demo"

    def role_label(self, lang: str = "ja") -> str:
        return self.scope.label(lang) + (" ・取込可" if self.may_import and lang == "ja" else
                                          " · may import" if self.may_import else "")


DEMO_USER = User("anonymous", "demo", Scope(), False)
OPERATOR = User("operator", "cli", Scope(), True)   # the shell user: already holds the files
