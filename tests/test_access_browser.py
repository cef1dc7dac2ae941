"""Real browser: a 山口県 account signs in with a local account, and forged addresses
(?pref=13, another prefecture's ?org=) cannot widen its scope.

`streamlit run dashboard/app.py` serves a database of imported (non-demo) figures, so
sign-in is required; Playwright drives Debian's Chromium.
"""
from __future__ import annotations

import pytest

from dashboard.scope import Scope
from tests import access_fixtures as F
from tests.bench.appserver import app_server
from tests.browser_fixtures import at_sign_in, browser, needs_chromium, sign_in  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    needs_chromium()
    base = tmp_path_factory.mktemp("access_browser")
    db = F.build(base / "real.duckdb", batch_kind=None)
    users = F.make_users(base / "users.toml")
    env = {"SANWARI_USERS": str(users), "SANWARI_AUDIT": str(base / "audit.jsonl")}
    with app_server(db, env) as (url, _proc):
        yield url, base


def test_forged_urls_cannot_widen_a_prefecture_users_scope(server, browser):
    url, base = server
    outside = F.outside_names(Scope("pref", "35"))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        # before signing in: a sign-in form and no figures, whatever the address
        page.goto(f"{url}/prefecture?pref=13")
        at_sign_in(page)
        body = page.inner_text("body")
        assert "common" not in body          # no old-style listing of the pages/ folder
        assert "ログインが必要" in body and "東京都" not in body
        assert page.locator('[data-testid="stMetric"]').count() == 0

        # signed in, the forged addresses are refused in place, naming nothing outside
        for address, refused in (("/prefecture?pref=13", True), ("/organization?org=232033", True),
                                 ("/factors?org=131016", True), ("/factors?pref=23", True),
                                 ("/organization?org=352012&pref=23", False)):   # pref unused there
            sign_in(page, f"{url}{address}", "yamaguchi")
            assert page.url.endswith("?" + address.split("?")[1]), page.url   # kept through sign-in
            body = page.inner_text("body")
            leaked = [n for n in outside if n in body]
            assert not leaked, (address, leaked[:5])
            assert ("閲覧できる範囲の外" in body) == refused, address
            if refused:
                assert page.locator('[data-testid="stMetric"]').count() == 0, address

        # and the user's own prefecture shows figures
        sign_in(page, f"{url}/prefecture?pref=35", "yamaguchi")
        body = page.inner_text("body")
        assert "山口県" in body and "閲覧できる範囲の外" not in body
        assert page.locator('[data-testid="stMetric"]').count() > 0
        assert "全国概況" not in page.inner_text('[data-testid="stSidebar"]')   # not in its navigation
    finally:
        context.close()
