"""No chart label collides or is clipped: every page at 1440 × 900 in Japanese and English, and
every exported SVG, checked by the bounding boxes of its SVG text in Debian's Chromium
(tests/overlap.py). A screenshot of each page goes to tests/artifacts/screens/."""
from __future__ import annotations

import os

import pytest

from tests.bench.appserver import CHROMIUM, app_server
from tests.conftest import ROOT
from tests.overlap import COLLECT, problems
from tests.overlap import page_problems
from tests.test_browser_pages import wait_until_done

pytestmark = pytest.mark.browser
SCREENS = ROOT / "tests" / "artifacts" / "screens"
PAGES = [("national", "/"), ("prefecture", "/prefecture?pref=35"),
         ("organization", "/organization?org=352012"), ("factors", "/factors?pref=35")]


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
@pytest.mark.parametrize("name,address", PAGES)
def test_no_label_collides_on_the_page(server, browser, name, address, lang):
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="ja-JP")
    page = context.new_page()
    try:
        sep = "&" if "?" in address else "?"
        page.goto(server + address + (f"{sep}lang=en" if lang == "en" else ""), wait_until="domcontentloaded")
        wait_until_done(page)
        checked, found = page_problems(page)
        # the whole page in one picture: the app scrolls inside its main area, so grow the window
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1440, "height": min(int(height) + 50, 16000)})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SCREENS / f"{name}_{lang}_1440.png"), full_page=True)
        assert checked >= 3
        assert found == [], "\n".join(found)
    finally:
        context.close()


def test_the_checker_can_fail():
    boxes = {"width": 100, "height": 50, "boxes": [
        {"role": "xtick", "text": "都道府県", "x0": 10, "y0": 40, "x1": 40, "y1": 48},
        {"role": "xtick", "text": "政令指定都市", "x0": 35, "y0": 40, "x1": 80, "y1": 48},
        {"role": "label", "text": "+4", "x0": 90, "y0": 5, "x1": 110, "y1": 15}]}
    found = problems(boxes)
    assert len(found) == 2 and "overlaps" in found[1] and "edge" in found[0]


def test_no_label_collides_in_exported_svgs(demo_db, browser, tmp_path):
    """Every chart of a prefecture pack, exported as SVG exactly as the download button makes it."""
    from dashboard import store
    from dashboard import catalog
    from dashboard.export import render, stamp
    from dashboard.scope import Scope
    scope = Scope.parse("pref:35")
    with store.reader(demo_db) as con:
        specs = [s for s in catalog.chart_specs(con, scope, 2026) if not s.empty]
        meta = stamp.meta_for(con, scope, 2026)
    svgs = render.render_many([stamp.stamp(s.figure, s.title, meta) for s in specs], "svg",
                              **render.PRINT_SIZE)
    page = browser.new_page()
    found = []
    for spec, svg in zip(specs, svgs):
        path = tmp_path / f"{spec.key}.svg"
        path.write_bytes(svg)
        page.goto(path.as_uri())
        measured = page.evaluate(f"() => ({COLLECT})(document.documentElement)")
        assert measured["boxes"], spec.key
        found += problems(measured, spec.key)
    page.close()
    assert found == [], "\n".join(found)
