"""Finding 9: lockout and password spraying. About 12 requests kept any named account locked,
even against its correct password; there was no per-client limit; every attempt verified
under one server-wide lock; each new name grew a world-readable attempts file; the README
said 2 where the code allowed 3 (tests/test_access_units.py checks the 2)."""
from __future__ import annotations

import stat
import threading
import time

import pytest

from dashboard import accounts, state, state_base
from dashboard.scope import Scope


@pytest.fixture
def users(tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_STATE", str(tmp_path / "state.sqlite"))
    path = tmp_path / "users.toml"
    accounts.add("owner", Scope("pref", "35"), password="secret-password-1", path=path)
    return path


def test_a_stranger_cannot_keep_the_owner_out(users):
    t = 5_000.0
    for i in range(40):                         # the attack: hammer the name from one client
        try:
            accounts.verify("owner", "guess", users, now=t + i, client="203.0.113.9")
        except accounts.Throttled:
            pass
    with pytest.raises(accounts.Throttled):      # the stranger is slowed down …
        accounts.verify("owner", "secret-password-1", users, now=t + 41, client="203.0.113.9")
    # … the owner, from their own client, signs in at once with the right password
    assert accounts.verify("owner", "secret-password-1", users, now=t + 41, client="198.51.100.7").name == "owner"


def test_password_spraying_is_limited_per_client(users):
    t = 9_000.0
    for i in range(accounts.CLIENT_FREE_FAILURES):        # one guess each at many names
        assert accounts.verify(f"name{i}", "Password1!", users, now=t, client="203.0.113.5") is None
    with pytest.raises(accounts.Throttled):
        accounts.verify("another", "Password1!", users, now=t, client="203.0.113.5")
    # back-off, not a lock: after the wait the client may try again
    assert accounts.verify("another", "Password1!", users, now=t + 2, client="203.0.113.5") is None
    # other clients are untouched
    assert accounts.verify("owner", "secret-password-1", users, now=t, client="198.51.100.7").name == "owner"


def test_the_attempts_store_is_private_and_bounded(users, monkeypatch):
    store = state.current()
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    monkeypatch.setattr(state_base, "MAX_THROTTLE_ROWS", 50)   # where the rule is
    for i in range(200):                          # each new name used to grow the file for ever
        store.attempt({f"pair:{i}": accounts.lock_seconds}, now=100.0 + i)
    assert store.throttle_rows() == 50
    store.attempt({"pair:late": accounts.lock_seconds}, now=100.0 + 200 + state.THROTTLE_FORGET_SECONDS)
    assert store.throttle_rows() == 1                     # forgotten after a day


def test_hashes_are_verified_outside_any_shared_lock(tmp_path, monkeypatch):
    """While one sign-in hashes (made slow here with a real, costly argon2id hash), the
    shared store takes another attempt at once: it is held only for the short counting
    transactions, never across a hash verification."""
    from argon2 import PasswordHasher
    monkeypatch.setenv("SANWARI_STATE", str(tmp_path / "state.sqlite"))
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=8))
    path = tmp_path / "users.toml"
    accounts.add("slow", Scope(), password="secret-password-1", path=path)
    store = state.current()
    done = []
    worker = threading.Thread(target=lambda: done.append(
        accounts.verify("slow", "secret-password-1", path, now=1.0, client="192.0.2.1")))
    worker.start()
    time.sleep(0.3)
    assert worker.is_alive()                          # still hashing
    started = time.perf_counter()
    assert store.attempt({"pair:other": accounts.lock_seconds}, now=1.0) == 0.0
    took = time.perf_counter() - started
    still_hashing = worker.is_alive()
    worker.join(60)
    assert done and done[0].name == "slow"
    assert still_hashing and took < 0.5, (still_hashing, took)


def test_colleagues_signing_in_at_once_from_one_address_are_not_held_back(tmp_path, monkeypatch):
    """An office behind one gateway: 30 right passwords from one address at the same moment
    (each hash slow enough that every attempt is in flight before the first one ends) all
    sign in. When every attempt counted under the client key, the 11th and later were told
    to try again."""
    from argon2 import PasswordHasher
    monkeypatch.setenv("SANWARI_STATE", str(tmp_path / "state.sqlite"))
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=2))
    path = tmp_path / "users.toml"
    names = [f"staff{i:02d}" for i in range(30)]
    for name in names:
        accounts.add(name, Scope("pref", "35"), password="secret-password-1", path=path)
    start, results = threading.Barrier(len(names)), {}

    def sign_in(name: str) -> None:
        start.wait()
        try:
            results[name] = accounts.verify(name, "secret-password-1", path, now=7_000.0,
                                            client="192.0.2.10")
        except accounts.Throttled as exc:
            results[name] = exc
    threads = [threading.Thread(target=sign_in, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert {n: getattr(r, "name", r) for n, r in results.items()} == {n: n for n in names}
    # and wrong passwords from that address still count: spraying is still limited
    for i in range(accounts.CLIENT_FREE_FAILURES):
        assert accounts.verify(f"guess{i}", "Password1!", path, now=7_001.0, client="192.0.2.10") is None
    with pytest.raises(accounts.Throttled):
        accounts.verify("staff00", "secret-password-1", path, now=7_001.0, client="192.0.2.10")
