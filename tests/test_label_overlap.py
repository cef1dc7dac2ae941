"""No chart label collides or is clipped: every page at 1440 × 900 in Japanese and English,
checked by the bounding boxes of its SVG text in Debian's Chromium (tests/overlap.py). A
screenshot of each page goes to tests/artifacts/screens/.

The same check on the exported SVGs is tests/test_label_overlap_exports.py."""
from __future__ import annotations

import os

import pytest

from tests.bench.appserver import CHROMIUM, app_server
from tests.conftest import ROOT
from tests.overlap import page_problems
from tests.test_browser_pages import wait_until_done

pytestmark = pytest.mark.browser
SCREENS = ROOT / "tests" / "artifacts" / "screens"
# Every page the open demo shows (dashboard/ui/registry.py), with the charts each draws at least
# (import and audit need sign-in; their tables are not charts).
PAGES = [("national", "/", 3), ("prefecture", "/prefecture?pref=35", 3),
         ("organization", "/organization?org=352012", 3), ("factors", "/factors?pref=35", 1),
         ("scenarios", "/scenarios?pref=35", 1), ("cloud", "/cloud?pref=35", 0),
         ("estimate", "/estimate", 0), ("export", "/export?pref=35", 0)]


@pytest.fixture(scope="module")
def server(demo_db):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is not installed (make setup installs it)")
    with app_server(demo_db) as (url, _proc):
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.mark.parametrize("lang", ("ja", "en"))
@pytest.mark.parametrize("name,address,least", PAGES)
def test_no_label_collides_on_the_page(server, browser, name, address, least, lang):
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="ja-JP")
    page = context.new_page()
    try:
        sep = "&" if "?" in address else "?"
        page.goto(server + address + (f"{sep}lang=en" if lang == "en" else ""), wait_until="domcontentloaded")
        wait_until_done(page)
        checked, found = page_problems(page, charts_expected=least > 0)
        # the whole page in one picture: the app scrolls inside its main area, so grow the window
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1440, "height": min(int(height) + 50, 16000)})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SCREENS / f"{name}_{lang}_1440.png"), full_page=True)
        assert checked >= least
        assert found == [], "\n".join(found)
    finally:
        context.close()
