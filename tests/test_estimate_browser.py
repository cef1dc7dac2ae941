"""Real browser: a municipal clerk signs in, uploads a vendor's estimate on /estimate,
corrects a mapping, downloads the review workbook and finds the 質問事項 column filled
(Playwright with Debian's Chromium, the app served by `python -m dashboard serve`)."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from dashboard import accounts
from dashboard.scope import Scope
from estimate_db import TARGET, build as build_db
from estimate_fixtures import csv_estimate, line
from tests.bench.appserver import app_server
from tests.browser_fixtures import browser, fill_sign_in, needs_chromium, settle  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
PASSWORD = "estimate-browser-pass"
ESTIMATE = csv_estimate([
    line("住基", "住民記録システム パッケージ利用料", 100_000, 1, "月", 60, 6_000_000)[1:],
    line("介護", "介護保険システム パッケージ保守", 50_000, 1, "月", 60, 3_500_000)[1:],      # R01
    line("介護", "謎の作業", None, None, "", 60, 1_000_000)[1:],                             # unmapped
])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    needs_chromium()
    base = tmp_path_factory.mktemp("estimate_browser")
    db = build_db(base / "estimate.duckdb")
    users = base / "users.toml"
    accounts.add("clerk", Scope("org", TARGET), may_import=True, password=PASSWORD, path=users)
    env = {"SANWARI_USERS": str(users), "SANWARI_AUDIT": str(base / "audit.jsonl")}
    with app_server(db, env, prewarm=False) as (url, _proc):
        yield url, base


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the st.selectbox labelled `label` (type to filter, then Enter)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True))
    box.locator("input").click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    settle(page, title=False, checks=1)


def test_upload_correct_and_download_the_review_workbook(server, browser):
    url, base = server
    context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{url}/estimate")
        page.wait_for_selector("text=ログインが必要", timeout=90_000)
        settle(page, title=False, checks=1)
        fill_sign_in(page, "clerk", PASSWORD)
        page.wait_for_selector("text=見積精査", timeout=90_000)
        settle(page, title=False, checks=1)
        estimate = base / "vendor.csv"
        estimate.write_bytes(ESTIMATE)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(estimate))
        page.wait_for_selector("text=指摘（1 件）", timeout=120_000)
        settle(page, title=False, checks=1)
        assert page.locator('[data-testid="stException"]').count() == 0

        choose(page, "行", "謎の作業")
        choose(page, "費目", "その他外部委託費")
        choose(page, "業務", "14 介護保険")
        page.get_by_role("button", name="修正を反映").click()
        page.wait_for_selector("text=この見積で修正した行: 1", timeout=120_000)
        settle(page, title=False, checks=1)

        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name="見積精査ワークブック（質問事項付き, .xlsx）").click()
        path = base / "review.xlsx"
        download.value.save_as(str(path))
        page.screenshot(path=str(base / "estimate.png"), full_page=True)
    finally:
        context.close()
    ws = load_workbook(path)["見積明細"]
    header = [c.value for c in ws[1]]
    by_row = {ws.cell(r, 2).value: {h: ws.cell(r, i + 1).value for i, h in enumerate(header)}
              for r in range(2, ws.max_row + 1)}
    assert "算出根拠" in by_row[3]["質問事項"] and by_row[3]["指摘"] == "R01"
    assert by_row[2]["質問事項"] is None
    assert (by_row[4]["費目"], by_row[4]["業務（対応付け）"]) == ("その他外部委託費", "介護保険")
