"""Session expiry and ending, on the server-side session record (dashboard/state.py), with
an injected clock: idle limit, total limit, every session of an account ended at once."""
from __future__ import annotations

from dashboard import accounts, state
from dashboard.scope import Scope

IDLE, TOTAL = 3600, 8 * 3600


def test_idle_and_total_limits(tmp_path):
    now = [1_000_000.0]
    store = state.SqliteState(tmp_path / "s.sqlite", clock=lambda: now[0])
    token = store.create_session("a", "local")
    now[0] += IDLE - 1
    assert store.session(token, IDLE, TOTAL).account == "a"        # activity renews the idle limit
    for _ in range(8):
        now[0] += IDLE - 1
        record = store.session(token, IDLE, TOTAL)
    assert record is None                                          # past 8 hours in all
    token = store.create_session("a", "local")
    now[0] += IDLE + 1
    assert store.session(token, IDLE, TOTAL) is None               # an hour without activity
    assert store.session("forged-token", IDLE, TOTAL) is None


def test_a_password_or_role_change_and_removal_end_every_session(tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_STATE", str(tmp_path / "state.sqlite"))
    users = tmp_path / "users.toml"
    accounts.add("b", Scope("pref", "35"), password="secret-password-1", path=users)
    store = state.current()
    tokens = [store.create_session("b", "local") for _ in range(3)]
    other = store.create_session("c", "local")
    accounts.add("b", Scope("pref", "35"), password="secret-password-2", path=users, replace=True)
    assert all(store.session(t, IDLE, TOTAL) is None for t in tokens)
    assert store.session(other, IDLE, TOTAL).account == "c"
    token = store.create_session("b", "local")
    accounts.remove("b", users)
    assert store.session(token, IDLE, TOTAL) is None
    # tokens are kept only as hashes: the file gives nobody a session
    assert token not in (tmp_path / "state.sqlite").read_bytes().decode("latin-1")


def test_database_and_server_files_are_private(tmp_path, monkeypatch):
    """Finding 12: .duckdb files were world-readable."""
    import stat as st_mode

    from dashboard import audit
    from tests.ingest_fixtures import new_db
    monkeypatch.setenv("SANWARI_STATE", str(tmp_path / "state.sqlite"))
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "a" / "audit.jsonl"))
    db = new_db(tmp_path / "private.duckdb")
    audit.record("download", who="x", scope="-")
    for path in (db, tmp_path / "state.sqlite", tmp_path / "a" / "audit.jsonl",
                 tmp_path / "state.audit.key"):
        assert st_mode.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_download_token_is_single_use_bound_to_its_browser_and_short_lived(tmp_path):
    """take_download: once, only to the browser it was made for (a stranger cannot spend it), never after its time."""
    now = [1_000_000.0]
    store = state.SqliteState(tmp_path / "s.sqlite", clock=lambda: now[0])
    token = store.put_download("browser-a", "sato", "x.csv", "text/csv", b"1,2\n", ttl=60)
    assert store.take_download(token, "browser-b") is None         # another browser
    assert store.take_download(token, None) is None                # no cookie
    got = store.take_download(token, "browser-a")
    assert (got.account, got.file_name, got.mime, got.data) == ("sato", "x.csv", "text/csv", b"1,2\n")
    assert store.take_download(token, "browser-a") is None         # spent
    token = store.put_download("browser-a", "sato", "x.csv", "text/csv", b"1,2\n", ttl=60)
    now[0] += 61
    assert store.take_download(token, "browser-a") is None         # expired
    token = store.put_download("browser-a", "sato", "x.csv", "text/csv", b"1,2\n", ttl=60)
    store.end_account_sessions("sato")                             # password or role changed, removed
    assert store.take_download(token, "browser-a") is None
    # only hashes of tokens and browsers are stored
    raw = (tmp_path / "s.sqlite").read_bytes()
    assert token.encode() not in raw and b"browser-a" not in raw
