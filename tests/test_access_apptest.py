"""The three roles end to end in AppTest, on a database of imported (non-demo) figures.

Each role signs in through the real login form (argon2 accounts in a temporary users
file), opens every page address with in-scope and out-of-scope URL parameters, and the
whole rendered output (every element's protobuf, every data frame, every chart spec) is
searched for the names of organizations outside the role's scope. A forged address must
show the "not in your scope" message and nothing else of the page.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.scope import Scope
from tests import access_fixtures as F
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
REFUSAL = "閲覧できる範囲の外"
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@pytest.fixture(scope="module")
def env_files(tmp_path_factory):
    base = tmp_path_factory.mktemp("access_app")
    db = F.build(base / "real.duckdb", batch_kind=None)       # imported figures: sign-in required
    demo_db = F.build(base / "demo.duckdb")
    users = F.make_users(base / "users.toml")
    return {"db": db, "demo_db": demo_db, "users": users, "audit": base / "audit.jsonl"}


@pytest.fixture
def app_env(env_files, monkeypatch):
    F.set_env(monkeypatch, env_files["db"], env_files["users"], env_files["audit"])
    monkeypatch.setenv("SANWARI_DB", str(env_files["db"]))
    return env_files


def rendered_text(at: AppTest) -> str:
    """Everything the run sent to the browser, as searchable text."""
    parts = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(json.dumps(MessageToDict(proto), ensure_ascii=False))
        value = getattr(node, "value", None)
        if value is not None and hasattr(value, "to_csv"):
            parts.append(value.to_csv())
        for child in getattr(node, "children", {}).values() if hasattr(node, "children") else []:
            walk(child)

    walk(at._tree)
    text = "\n".join(parts)
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def sign_in(name: str, password: str = F.PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    at.run()
    at.text_input(key="sanwari_login_name").input(name)
    at.text_input(key="sanwari_login_password").input(password)
    next(b for b in at.button if "Sign in" in str(b.label)).click()
    at.run()
    return at


def open_page(at: AppTest, page: str | None, params: dict) -> AppTest | None:
    """The page after a run, or None when the page is not registered for this user at all."""
    at.query_params.clear()
    for k, v in params.items():
        at.query_params[k] = v
    if page:
        try:
            at.switch_page(page)
        except ValueError:
            return None
    return at.run()


def assert_no_outside_names(at: AppTest, scope: Scope):
    text = rendered_text(at)
    leaked = [n for n in F.outside_names(scope) if n in text]
    assert not leaked, f"out-of-scope names rendered for {scope}: {leaked[:10]}"
    return text


# ---------------------------------------------------------------- signing in
def test_anonymous_is_refused_on_imported_figures(app_env):
    at = AppTest.from_file(APP, default_timeout=240).run()
    assert not at.exception
    assert any("ログインが必要" in i.value for i in at.info)
    assert not at.metric and not at.dataframe
    assert "山口県" not in rendered_text(at)


def test_open_demo_without_login_is_marked(app_env, monkeypatch):
    monkeypatch.setenv("SANWARI_DB", str(app_env["demo_db"]))
    at = AppTest.from_file(APP, default_timeout=240).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("公開デモ" in w.value for w in at.sidebar.warning)


def test_wrong_password_is_refused_and_slowed_down(app_env):
    at = sign_in("yamaguchi", "wrong-password-1")
    assert any("違います" in e.value for e in at.error)
    # The waits double (2, 4, 8 … s, tests/test_throttle.py with a set clock); one app run here
    # can outlast the first ones, so the guesses before it are counted straight into the
    # server's store (the same call the form makes), up to a 2-minute wait.
    import hashlib
    import time
    from dashboard import accounts, state
    pair = "pair:" + hashlib.sha256(b"yamaguchi|").hexdigest()
    state.current().forget_throttles()
    for i in range(7):                            # an hour apart: each is counted
        state.current().attempt({pair: accounts.lock_seconds}, now=time.time() - 8 * 3600 + i * 3600)
    state.current().attempt({pair: accounts.lock_seconds})
    at = sign_in("yamaguchi")                       # right password, but must wait for now
    assert any("試行回数が多すぎます" in e.value for e in at.error)
    assert not at.metric
    state.current().forget_throttles()                     # unlock for the other tests


def test_removed_account_is_signed_out_at_once(app_env, tmp_path, monkeypatch):
    from dashboard import accounts
    users = tmp_path / "users.toml"
    accounts.add("temp", Scope("pref", "35"), password=F.PASSWORD, path=users)
    monkeypatch.setenv("SANWARI_USERS", str(users))
    at = sign_in("temp")
    assert not at.error and "temp" in rendered_text(at)
    accounts.remove("temp", users)
    at.run()
    assert not at.exception and not at.metric
    assert any("ログインが必要" in i.value for i in at.info) or \
        any("ログインしてください" in e.value for e in at.error)


def test_a_password_change_ends_open_sessions(app_env, tmp_path, monkeypatch):
    """Finding 4: `user add --replace` with a new password left open sessions signed in."""
    from dashboard import accounts
    users = tmp_path / "users.toml"
    accounts.add("temp2", Scope("pref", "35"), password=F.PASSWORD, path=users)
    monkeypatch.setenv("SANWARI_USERS", str(users))
    at = sign_in("temp2")
    assert not at.error and "temp2" in rendered_text(at)
    accounts.add("temp2", Scope("pref", "35"), password="another-password-2", path=users, replace=True)
    at.run()
    assert not at.exception and not at.metric
    assert "temp2" not in "".join(c.value for c in at.sidebar.caption)


# ---------------------------------------------------------------- the roles
NAV = {"nat": {"national", "prefecture", "organization", "factors", "scenarios", "cloud", "estimate", "import",
               "export", "audit"},
       "yamaguchi": {"prefecture", "organization", "factors", "scenarios", "cloud", "estimate", "import", "export"},
       "yamaguchi_ro": {"prefecture", "organization", "factors", "scenarios", "cloud", "estimate", "export"},
       "ichinomiya": {"organization", "factors", "scenarios", "cloud", "estimate", "import", "export"}}


@pytest.mark.parametrize("name", sorted(NAV))
def test_navigation_lists_only_the_roles_pages(app_env, name):
    at = sign_in(name)
    assert not at.exception, [e.value for e in at.exception]
    registered = {Path(info["script_path"]).stem if info.get("script_path") else info["url_pathname"]
                  for info in at._registered_pages.values()}
    assert registered == NAV[name]


PREF_CASES = [  # (page, params, allowed?)
    ("ui/prefecture.py", {"pref": "35"}, True),
    ("ui/prefecture.py", {}, True),
    ("ui/organization.py", {"org": "352012"}, True),       # 下関市
    ("ui/factors.py", {"pref": "35"}, True),
    ("ui/factors.py", {"org": "352012"}, True),
    ("ui/prefecture.py", {"pref": "13"}, False),          # the forged ?pref=13
    ("ui/prefecture.py", {"pref": "23"}, False),
    ("ui/organization.py", {"org": "232033"}, False),     # 一宮市, another prefecture's
    ("ui/organization.py", {"org": "131016"}, False),     # 千代田区
    ("ui/factors.py", {"pref": "13"}, False),
    ("ui/factors.py", {"org": "232033"}, False),
    ("ui/organization.py", {"org": "999999"}, False),     # no such code
    ("ui/prefecture.py", {"pref": "35", "org": "232033"}, None),
]
ORG_CASES = [
    ("ui/organization.py", {"org": "232033"}, True),
    ("ui/organization.py", {}, True),
    ("ui/factors.py", {}, True),
    ("ui/factors.py", {"org": "232033"}, True),
    ("ui/organization.py", {"org": "232017"}, False),     # 名古屋市, same prefecture
    ("ui/organization.py", {"org": "230006"}, False),     # 愛知県 itself
    ("ui/organization.py", {"org": "352012"}, False),
    ("ui/factors.py", {"pref": "23"}, False),
    ("ui/factors.py", {"org": "131016"}, False),
    ("ui/prefecture.py", {"pref": "23"}, False),          # not in its navigation at all
]


def _check_case(at, scope, page, params, allowed):
    if open_page(at, page, params) is None:
        assert allowed is False, f"{page} is missing from the navigation"
        return
    assert not at.exception, [e.value for e in at.exception]
    text = assert_no_outside_names(at, scope)
    refused = any(REFUSAL in e.value for e in at.error)
    if allowed is True:
        assert not refused, (page, params, [e.value for e in at.error])
    elif allowed is False:
        assert refused, (page, params)
        assert not at.metric, f"figures shown on a refused page {page} {params}"


@pytest.mark.parametrize("page,params,allowed", PREF_CASES, ids=lambda v: str(v))
def test_prefecture_role(app_env, page, params, allowed):
    at = sign_in("yamaguchi")
    _check_case(at, Scope("pref", "35"), page, params, allowed)


@pytest.mark.parametrize("page,params,allowed", ORG_CASES, ids=lambda v: str(v))
def test_organization_role(app_env, page, params, allowed):
    at = sign_in("ichinomiya")
    _check_case(at, Scope("org", "232033"), page, params, allowed)


@pytest.mark.parametrize("page,params", [(None, {}), ("ui/prefecture.py", {"pref": "13"}),
                                         ("ui/organization.py", {"org": "232033"})])
def test_national_role_sees_everything(app_env, page, params):
    at = sign_in("nat")
    open_page(at, page, params)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.metric


def test_home_of_each_role_is_inside_its_scope(app_env):
    for name, scope in (("yamaguchi", Scope("pref", "35")), ("ichinomiya", Scope("org", "232033"))):
        at = sign_in(name)
        assert not at.exception
        assert_no_outside_names(at, scope)


def test_audit_log_records_sign_ins_and_is_national_only(app_env):
    from dashboard import audit
    sign_in("yamaguchi")
    entries = audit.read()
    assert any(e["action"] == "login" and e["who"] == "yamaguchi" and e["scope"] == "pref:35"
               for e in entries)
    assert audit.verify() == len(entries)
    assert "audit" not in {i.get("url_pathname") for i in sign_in("ichinomiya")._registered_pages.values()}


def test_the_header_shows_the_scopes_own_data_as_of(tmp_path, monkeypatch):
    """A municipality user's header shows when its own figures were imported, never a later import elsewhere."""
    from datetime import datetime

    from dashboard import fiscal, store
    from dashboard.ingest import load
    db = F.build(tmp_path / "real.duckdb", batch_kind=None)
    with store.writer(db) as con:
        con.execute("update batch set imported_at = ?", [datetime(2026, 4, 1, 0, 0)])    # 09:00 JST
        tokyo = F.demo_subset().costs.query("org_code.str.startswith('13')").head(10)
        load.apply(con, "costs", tokyo.assign(amount_yen=tokyo["amount_yen"] + 1), file_name="tokyo.csv",
                   file_sha256="tokyo", imported_by="test", batch_kind="costs")
        newest = con.execute("select max(imported_at) from batch").fetchone()[0]
    own, other = fiscal.jst_text(datetime(2026, 4, 1), "ja"), fiscal.jst_text(newest, "ja")
    assert own == "令和8年4月1日 09:00 JST (2026-04-01)" and own != other
    F.set_env(monkeypatch, db, F.make_users(tmp_path / "users.toml"), tmp_path / "audit.jsonl")
    at = sign_in("ichinomiya")                                   # 一宮市 (愛知県)
    captions = " ".join(c.value for c in at.caption)
    assert own in captions and other not in rendered_text(at)
    at = sign_in("nat")                                          # the national user sees the newest
    assert other in " ".join(c.value for c in at.caption)
