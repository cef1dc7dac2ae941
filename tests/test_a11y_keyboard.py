"""Keyboard only, narrow screens, and charts tied to their text, in Debian's Chromium.

- A national user signs in, opens a prefecture from the map's list, switches prefecture and
  year, downloads a chart as PNG and opens the export page — with Tab, typing and Enter
  only (no mouse call anywhere in the test).
- At 320 px and 640 px wide (a 1280 px window at 400 % and 200 % zoom) no page of the registry
  scrolls sideways, no text runs past the right edge and no table or chart is wider than the
  screen (a wide table scrolls inside its own box).
- Every chart is a figure whose accessible name is its title and whose description is its
  reading; its data table is its aria-details.
"""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests import access_fixtures as F
from tests.a11y_fixtures import browser, open_as, servers, settle  # noqa: F401 - fixtures

# `alone`: keyboard focus lags when the cores are shared (the marker, tests/conftest.py)
pytestmark = [pytest.mark.browser, pytest.mark.alone]


def tab_to(page, predicate: str, limit: int = 250, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `predicate(document.activeElement)` holds."""
    check = f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"
    for _ in range(limit):
        if page.evaluate(check):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"keyboard focus never reached: {predicate}")


def choose(page, label: str, typed: str) -> None:
    """Focus the select box labelled `label`, type to filter its options, Enter to pick."""
    tab_to(page, f"el.getAttribute('aria-label') === {label!r} || "
                 f"(el.labels && [...el.labels].some(l => l.innerText.trim() === {label!r}))")
    page.keyboard.type(typed, delay=30)
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")
    settle(page)


def focus_body(page) -> None:
    """Start tabbing from the top of the document (as after a page load)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")


def test_keyboard_only_sign_in_prefecture_year_download_export(servers, browser):
    url = servers["signed"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(url + "/")
        settle(page)
        # sign in: Tab to the name field, type, Tab to the password, type, Enter
        tab_to(page, "el.getAttribute('aria-label') === 'ユーザー名 / User name' || el.type === 'text'")
        page.keyboard.type("nat")
        page.keyboard.press("Tab")
        page.keyboard.type(F.PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_selector('[data-testid="stSidebar"] >> text=ログアウト', timeout=60_000)
        settle(page)
        assert "全国概況" in page.locator("h1").first.inner_text()

        # the map's keyboard twin: the prefecture list opens 山口県
        focus_body(page)
        choose(page, "都道府県のページを開く（地図のクリックと同じ）", "山口")
        page.wait_for_function("() => location.pathname.endsWith('/prefecture') && location.search.includes('pref=35')",
                               timeout=60_000)
        settle(page)
        assert "山口県" in page.locator("h1").first.inner_text()

        # switch prefecture in the sidebar, then the year
        focus_body(page)
        choose(page, "都道府県", "東京")
        page.wait_for_function("() => location.search.includes('pref=13')", timeout=60_000)
        settle(page)
        assert "東京都" in page.locator("h1").first.inner_text()
        focus_body(page)
        choose(page, "対象年度", "2025")
        page.wait_for_function("() => location.search.includes('fy=2025')", timeout=60_000)
        settle(page)
        assert "令和7年度" in page.inner_text('[data-testid="stMainBlockContainer"]')

        # download the first chart as PNG: open its downloads-and-table expander (Enter on
        # its summary), Tab to its PNG button (named after the chart), Enter
        focus_body(page)
        tab_to(page, "el.tagName === 'SUMMARY' && !!el.closest('[class*=\"st-key-fig_\"]')")
        page.keyboard.press("Enter")
        settle(page)
        tab_to(page, "el.tagName === 'BUTTON' && (el.getAttribute('aria-label') || '').startsWith('PNG: ')")
        name = page.evaluate("document.activeElement.getAttribute('aria-label')")
        with page.expect_download(timeout=180_000) as info:
            page.keyboard.press("Enter")
        data = open(info.value.path(), "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        assert Image.open(io.BytesIO(data)).size == (3200, 1800)
        assert re.search(r"sanwari_\w+_pref13_2025\.png", info.value.suggested_filename)

        # open the export page from the navigation
        focus_body(page)
        tab_to(page, "el.tagName === 'A' && (el.getAttribute('href') || '').endsWith('/export')")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.pathname.endsWith('/export')", timeout=60_000)
        settle(page)
        assert page.locator("h1").count() >= 1
        assert "出力" in page.locator("h1").first.inner_text() or "会議資料" in page.locator("h1").first.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 640])
def test_no_sideways_scrolling_at_narrow_widths(servers, browser, width):
    # every registered page, as the national user who may open them all
    from dashboard.ui.registry import PAGES
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    params = {"/prefecture": "?pref=35", "/organization": "?org=352012"}
    try:
        addresses = ["/" + p.url for p in PAGES]
        for address in addresses:
            # sign in where the sidebar is open (each page load is a new app session), then narrow
            page.set_viewport_size({"width": 1400, "height": 900})
            open_as(page, servers["signed"], address + params.get(address, ""), "nat")
            page.set_viewport_size({"width": width, "height": 900})
            settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, address
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 1, f"{address} at {width}px scrolls sideways by {sideways}px"
            cut = page.evaluate("""(w) => [...document.querySelectorAll(
                    '[data-testid="stMainBlockContainer"] :is(h1,h2,h3,p,li,label,[data-testid="stMetricValue"])')]
                .filter(e => e.offsetParent !== null && e.innerText.trim())
                .filter(e => e.getBoundingClientRect().right > w + 1)
                .map(e => e.innerText.slice(0, 40))""", width)
            assert not cut, f"{address} at {width}px: text past the right edge: {cut[:5]}"
            # tables and charts keep to the page's width (a wide table scrolls inside its own box)
            wide = page.evaluate("""(w) => [...document.querySelectorAll(
                    '[data-testid="stMainBlockContainer"] :is([data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stPlotlyChart"])')]
                .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > w + 1)
                .map(e => e.dataset.testid)""", width)
            assert not wide, f"{address} at {width}px: wider than the screen: {wide}"
        print(f"{width}px: {len(addresses)} pages checked: {addresses}")
    finally:
        context.close()


def test_charts_are_named_and_described_for_assistive_technology(servers, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(servers["demo"] + "/")
        settle(page)
        page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"][role=figure]').length >= 5",
                               timeout=60_000)
        charts = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(f => {
            const byId = id => id && document.getElementById(id);
            const name = byId(f.getAttribute('aria-labelledby'));
            const desc = byId(f.getAttribute('aria-describedby'));
            const details = byId(f.getAttribute('aria-details'));
            return {role: f.getAttribute('role'), name: name && name.innerText.trim(),
                    desc: desc && desc.innerText.trim(), details: !!details && details.dataset.testid};
        })""")
        assert len(charts) >= 5
        for chart in charts:
            assert chart["role"] == "figure", chart
            assert chart["name"] and chart["desc"] and chart["details"] == "stExpander", chart
        # the accessible name as the browser computes it (Playwright's role query)
        first = charts[0]["name"]
        assert page.get_by_role("figure", name=first).count() == 1
        # the map's reading names the prefectures' count, as the table does
        assert any("都道府県" in c["desc"] for c in charts)
    finally:
        context.close()
