"""OIDC single sign-on end to end: Debian's Chromium signs in with `st.login` at a real OpenID
provider (panva's oidc-provider on Node, tests/oidc), and the ID token's e-mail claim maps to
the role table's role and scope.

The app is served as deployed (`python -m dashboard serve`, behind the guard of web.py) on a
database of imported figures, so nothing is shown before signing in. The secrets.toml with
the `[auth]` section is written for this run only (tests/oidc_idp.py).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from dashboard import reference
from dashboard.scope import Scope
from tests import access_fixtures as F
from tests import oidc_idp as O
from tests.bench.appserver import ROOT, app_server, free_port
from tests.browser_fixtures import at_sign_in, browser, needs_chromium, past_sign_in, settle  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

ROLES = {"national": "national", "prefecture": "pref:35", "municipality": "org:232033"}
NO_ROLE = "このアカウントには権限が割り当てられていません"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if reason := O.node_missing_reason():
        pytest.skip(reason)
    needs_chromium()
    base = tmp_path_factory.mktemp("oidc_browser")
    db = F.build(base / "real.duckdb", batch_kind=None)
    env = {"SANWARI_USERS": str(base / "users.toml"), "SANWARI_AUDIT": str(base / "audit.jsonl"),
           "SANWARI_DB": str(db)}
    # The three known identities are registered as README "Accounts and roles" says.
    for login, role in ROLES.items():
        subprocess.run([sys.executable, "-m", "dashboard", "user", "add",
                        O.IDENTITIES[login]["email"], "--role", role, "--oidc"],
                       cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
    app_port = free_port()
    with O.provider(base, app_port) as (issuer, passwords):
        secrets_toml = O.write_secrets(base, issuer, app_port)
        with app_server(db, env, port=app_port,
                        streamlit_args=(f"--secrets.files={secrets_toml}",)) as (url, _proc):
            yield url, passwords


def sign_in(browser, server, login: str, known: bool = True):
    """A fresh browser signs in as `login` at the provider; returns (context, page) back at
    the app, settled. `known`: the role table has the identity (else the no-role panel)."""
    url, passwords = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    at_sign_in(page)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    page.get_by_role("button", name="ログイン (SSO) / Sign in").click()
    # the provider's own sign-in form, on another site
    page.wait_for_url(re.compile(r"^http://localhost:\d+/interaction/"), timeout=60_000)
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(passwords[login])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Allow").click()            # consent to openid email profile
    page.wait_for_url(re.compile(rf"^{re.escape(url)}/"), timeout=60_000)
    # signed in: a sign-out button (the sidebar's account box, or the no-role panel)
    page.wait_for_selector("text=ログアウト / Sign out", timeout=120_000)
    if known:
        past_sign_in(page)
    else:
        settle(page, title=False, checks=1)
    return context, page


def open_address(page, address: str, wait_for: str) -> str:
    """Load `address` (a new page load: the sign-in cookie must carry the identity) and
    return the body's text once `wait_for` is shown and the run has finished."""
    page.goto(address)
    page.wait_for_selector(wait_for, timeout=60_000)
    settle(page, title=False, checks=1)
    return page.inner_text("body")


def names_in(body: str, scope: Scope) -> list[str]:
    return [n for n in F.outside_names(scope) if n in body]


def test_national_identity_sees_the_national_overview(server, browser):
    """The national e-mail claim gets the national role: 全国概況, and any prefecture opens."""
    url, _ = server
    context, page = sign_in(browser, server, "national")
    try:
        sidebar = page.inner_text('[data-testid="stSidebar"]')
        assert O.IDENTITIES["national"]["email"] in sidebar and "全国" in sidebar
        assert "全国概況" in sidebar
        assert page.inner_text('[data-testid="stMainBlockContainer"] h1').startswith("全国概況")
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
        # any prefecture is inside the national scope
        body = open_address(page, f"{url}/prefecture?pref=13", '[data-testid="stMetric"]')
        assert "東京都" in body and "閲覧できる範囲の外" not in body
    finally:
        context.close()


def test_prefecture_identity_sees_only_its_prefecture(server, browser):
    """The 山口県 e-mail claim sees 山口県's figures; another prefecture's address is refused."""
    url, _ = server
    context, page = sign_in(browser, server, "prefecture")
    try:
        scope = Scope("pref", "35")
        sidebar = page.inner_text('[data-testid="stSidebar"]')
        assert O.IDENTITIES["prefecture"]["email"] in sidebar and "全国概況" not in sidebar
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
        body = page.inner_text("body")
        assert "山口県" in body
        assert not names_in(body, scope)
        body = open_address(page, f"{url}/prefecture?pref=13", "text=閲覧できる範囲の外")
        assert "ログインが必要" not in body
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert not names_in(body, scope)
    finally:
        context.close()


def test_municipality_identity_sees_only_its_organization(server, browser):
    """The 一宮市 e-mail claim sees 一宮市's own page and no other organization's."""
    url, _ = server
    context, page = sign_in(browser, server, "municipality")
    try:
        scope = Scope("org", "232033")
        page.locator('[data-testid="stMetric"]').first.wait_for(timeout=60_000)
        body = page.inner_text("body")
        assert "一宮市" in body
        assert not names_in(body, scope)
        # 岡崎市, in the same prefecture
        body = open_address(page, f"{url}/organization?org=232025", "text=閲覧できる範囲の外")
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert not names_in(body, scope)
    finally:
        context.close()


def test_unknown_subject_gets_a_message_and_no_data(server, browser):
    """A subject the provider signs in but the role table lacks sees a message and no figures."""
    url, _ = server
    context, page = sign_in(browser, server, "stranger", known=False)
    try:
        orgs = reference.organizations()
        every_name = set(orgs.loc[orgs["pref_code"].isin(F.PREFS), "name"])
        for address in ("/", "/prefecture?pref=35", "/organization?org=232033"):
            body = open_address(page, f"{url}{address}", f"text={NO_ROLE}")
            assert page.locator('[data-testid="stMetric"]').count() == 0, address
            assert page.locator('[data-testid="stPlotlyChart"]').count() == 0, address
            leaked = [n for n in every_name if n in body]
            assert not leaked, (address, leaked[:5])
            assert not any(p in body for p in ("東京都", "愛知県", "山口県")), address
    finally:
        context.close()
