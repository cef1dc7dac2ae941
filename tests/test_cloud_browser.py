"""Real browser (Playwright + Debian's Chromium): /cloud for a national and an organization
user on imported FOCUS files; the organization user sees only its share, and a forged
?org= of another organization is refused."""
from __future__ import annotations

import pytest

import cloud_fixtures as cf
from dashboard import accounts, store
from dashboard.cloud import importer
from dashboard.scope import Scope
from tests import access_fixtures as F
from tests.bench.appserver import app_server
from tests.browser_fixtures import browser, needs_chromium, settle, sign_in  # noqa: F401 - fixture
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    needs_chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = tmp_path_factory.mktemp("cloud_browser")
    db = base / "cloud.duckdb"
    with store.writer(db, create=True):
        pass
    importer.import_paths(db, list(cf.scenario(base / "in").values()))
    users = base / "users.toml"
    accounts.add("nat", Scope(), may_import=True, password=F.PASSWORD, path=users)
    accounts.add("hakodate", Scope("org", cf.HAKODATE), may_import=False, password=F.PASSWORD, path=users)
    env = {"SANWARI_USERS": str(users), "SANWARI_AUDIT": str(base / "audit.jsonl")}
    with app_server(db, env) as (url, _proc):
        yield url


def metric_text(page) -> str:
    return " | ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())


def open_cloud(browser, url, user, address="/cloud?unit=sen"):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sign_in(page, url + address, user)     # every new address is a new session: sign in there
    page.wait_for_selector("text=ガバメントクラウド利用料", timeout=60_000)
    settle(page, title=False, checks=1)
    page.wait_for_selector(".main-svg", timeout=90_000)   # Plotly has drawn
    page.wait_for_timeout(1500)   # let Plotly finish drawing after the last delta
    page.screenshot(path=str(ARTIFACTS / f"cloud_{user}.png"), full_page=True)
    return context, page


def test_national_user(server, browser):  # noqa: F811
    context, page = open_cloud(browser, server, "nat")
    try:
        metrics = metric_text(page)
        assert "1,005 千円" in metrics                       # ¥1,005,060 in FY2026
        assert page.locator(".js-plotly-plot").count() >= 3
        body = page.inner_text("body")
        # the unallocated and reconciliation tables (their cells are drawn on a canvas; the
        # values themselves are checked in tests/test_cloud_page.py)
        assert "未割当（アカウント対応表にないアカウント）" in body and "請求書ごとの突合" in body
    finally:
        context.close()


def test_organization_user(server, browser):  # noqa: F811
    context, page = open_cloud(browser, server, "hakodate")
    try:
        assert "108 千円" in metric_text(page)                 # ¥108,310: its own share only
        body = page.inner_text("body")
        for other in ("札幌市", "小樽市", "未割当（アカウント", "請求書ごとの突合"):
            assert other not in body, other
        assert page.locator(".js-plotly-plot").count() >= 3
        sign_in(page, server + f"/cloud?org={cf.SAPPORO}", "hakodate")
        body = page.inner_text("body")
        assert "閲覧できる範囲の外" in body and "札幌市" not in body
        assert page.locator('[data-testid="stMetric"]').count() == 0
    finally:
        context.close()
