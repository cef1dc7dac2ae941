"""Keyboard alone in Debian's Chromium: the scenario levers are moved with the arrow keys (the
URL's `levers=` follows), one inside a closed expander opened with Enter; the import page's file
chooser is opened with Enter and the file checked and imported with the keyboard only; the
roles' navigations together cover every page of the registry.
"""
from __future__ import annotations

import json
import re
import time
import urllib.parse

import pytest

from tests import access_fixtures as F
from tests.a11y_fixtures import ROLES, browser, open_as, servers, settle  # noqa: F401

pytestmark = pytest.mark.browser

DONE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
                && document.querySelector('[data-testid="stApp"]')?.dataset?.teststate !== 'running'"""


def quiet(page) -> None:
    """Until a rerun the last key started (opening an expander can start one) is over."""
    time.sleep(0.4)
    page.wait_for_function(DONE, timeout=120_000)


def registered_paths(role: str) -> set[str]:
    """The addresses of the registry's pages the role may open, by the access rules."""
    from dashboard import access
    from dashboard.accounts import DEMO_USER, User
    from dashboard.ui.registry import BY_KEY
    account = ROLES[role][0]
    user = DEMO_USER if account is None else User(account, "local", *F.ROLES[account])
    return {"/" + BY_KEY[key].url for key in access.visible_pages(user)}


def test_the_roles_together_open_every_registered_page():
    # the browser tests walk each role's own navigation; together they cover the registry
    from dashboard.ui.registry import PAGES
    covered = set().union(*(registered_paths(role) for role in ROLES))
    assert covered == {"/" + p.url for p in PAGES}
    assert registered_paths("national") == {"/" + p.url for p in PAGES}    # the audit log too
    assert "/import" not in registered_paths("anonymous") | registered_paths("prefecture")


def tab_to(page, predicate: str, limit: int = 300) -> None:
    check = f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"
    for _ in range(limit):
        if page.evaluate(check):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"keyboard focus never reached: {predicate}")


def _levers(page) -> dict:
    query = urllib.parse.parse_qs(page.evaluate("location.search.slice(1)"))
    return json.loads(query["levers"][0]) if "levers" in query else {}


def test_scenario_levers_move_with_the_arrow_keys(servers, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_as(page, servers["demo"], "/scenarios", None)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        # the exchange-rate slider: focus it, read its value, two steps right (step 1.0 円)
        tab_to(page, "el.closest('[data-testid=\"stSlider\"]') && el.getAttribute('aria-label') === '為替レート（円/米ドル、全年度）'")
        start = float(page.evaluate("document.activeElement.value"))
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => location.search.includes('levers=')", timeout=60_000)
        quiet(page)
        fx = _levers(page)["fx"]
        assert set(fx.values()) == {start + 2.0}, fx
        assert float(page.evaluate("document.activeElement.value")) == start + 2.0
        # a countermeasure inside its closed expander: Enter opens it, Tab to M101, three steps right
        tab_to(page, "el.tagName === 'SUMMARY' && el.innerText.includes('対策の追加導入')")
        page.keyboard.press("Enter")
        quiet(page)
        tab_to(page, "el.closest('[data-testid=\"stSlider\"]') && el.getAttribute('aria-label') === 'M101'")
        for _ in range(3):                              # three steps of 0.1
            page.keyboard.press("ArrowRight")
        page.wait_for_function("() => decodeURIComponent(location.search).includes('M101')", timeout=60_000)
        quiet(page)
        levers = _levers(page)
        assert levers["measures"]["M101"]["adoption"] == pytest.approx(0.3), levers
        assert set(levers["fx"].values()) == {start + 2.0}        # the first change is kept
    finally:
        context.close()


def test_import_file_chosen_checked_and_imported_by_keyboard(servers, browser, tmp_path):
    from tests.concurrency_fixtures import revision_csv
    # the same figures as the server's database (the fixture cache's copy): 宇部市's costs of
    # 令和7年度, each raised by a tenth — a file with no problem
    copy = F.build(tmp_path / "copy.duckdb", batch_kind=None)
    csv_file = tmp_path / "ube_2025.csv"
    rows = revision_csv(copy, csv_file, org_codes=["352021"], fiscal_year=2025, factor=1.1)
    assert rows > 0
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_as(page, servers["signed"], "/import", "yamaguchi")
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        tab_to(page, "el.tagName === 'BUTTON' && !!el.closest('[data-testid=\"stFileUploaderDropzone\"]')")
        # the button says what it uploads (dashboard/ui/a11y.py names it after the label)
        assert "ファイルを選択" in page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        with page.expect_file_chooser(timeout=30_000) as chooser:
            page.keyboard.press("Enter")
        chooser.value.set_files(str(csv_file))
        page.wait_for_selector(f"text=問題はありません。{rows:,} 行を取り込めます。", timeout=180_000)
        quiet(page)
        tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('取り込む（確定）')")
        page.keyboard.press("Enter")
        page.wait_for_selector("text=取り込みました", timeout=180_000)
        quiet(page)
        text = page.inner_text('[data-testid="stMainBlockContainer"]')
        done = re.search(r"新規 ([\d,]+) / 改訂 ([\d,]+) / 変更なし ([\d,]+)", text)
        assert done, text[:400]
        new, revised, same = (int(n.replace(",", "")) for n in done.groups())
        assert (new, revised + same) == (0, rows)     # every row of the file was already there
    finally:
        context.close()
