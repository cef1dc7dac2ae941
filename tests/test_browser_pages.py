"""Real browser: `streamlit run dashboard/app.py` driven by Playwright with Debian's Chromium.

Each page address loads, the app finishes running, no error element shows, the Plotly
charts drew (.main-svg), and a screenshot is saved under tests/artifacts/screens/.
"""
from __future__ import annotations

import os

import pytest

from tests.bench.appserver import CHROMIUM, app_server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
SCREENS = ROOT / "tests" / "artifacts" / "screens"
PAGES = [  # (screenshot name, address)
    ("national", "/"),
    ("national_en", "/?lang=en&unit=oku&stacked=true"),
    ("prefecture", "/prefecture?pref=35"),
    ("organization", "/organization?org=352012"),
    ("organization_en", "/organization?org=352012&lang=en"),
    ("factors", "/factors?pref=35"),
]


@pytest.fixture(scope="module")
def server(demo_db):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    with app_server(demo_db) as (url, _proc):
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def wait_until_done(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=90_000)
    # the running indicator goes away when the script run has finished
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && document.querySelector('[data-testid="stApp"]')?.dataset?.teststate !== 'running'""",
        timeout=120_000)
    page.wait_for_timeout(1500)   # let Plotly finish drawing after the last delta


@pytest.mark.parametrize("name,address", PAGES)
def test_page_renders_in_chromium(server, browser, name, address):
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP")
    page = context.new_page()
    failed_requests = []
    page.on("requestfailed", lambda r: failed_requests.append(r.url))
    try:
        page.goto(server + address, wait_until="domcontentloaded")
        wait_until_done(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        page.wait_for_selector(".main-svg", timeout=60_000)
        assert page.locator(".js-plotly-plot").count() >= 3
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
        assert not [u for u in failed_requests if not u.startswith(server)], "no request leaves the machine"
    finally:
        context.close()


def test_map_click_opens_the_prefecture(server, browser):
    # a tall viewport: no scrolling, so the map stays where its coordinates were measured
    context = browser.new_context(viewport={"width": 1400, "height": 4000})
    page = context.new_page()
    try:
        page.goto(server + "/", wait_until="domcontentloaded")
        wait_until_done(page)
        # find the map's 北海道 marker through Plotly's own data, on every attempt (the page
        # may re-render its elements while it settles)
        locate = """() => {
            const el = [...document.querySelectorAll('.js-plotly-plot')]
                .find(e => (e.data || []).some(t => t.meta === 'prefectures'));
            if (!el || !el._fullLayout) return null;
            const trace = el.data.find(t => t.meta === 'prefectures');
            const i = trace.customdata.indexOf('01');
            const xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis;
            const r = el.getBoundingClientRect();
            return [r.left + xa._offset + xa.l2p(trace.x[i]), r.top + ya._offset + ya.l2p(trace.y[i])];
        }"""
        page.wait_for_function(f"() => ({locate})() !== null", timeout=60_000)
        # st.switch_page changes the address with pushState (no new document load)
        moved = "() => location.pathname.endsWith('/prefecture') && location.search.includes('pref=01')"
        for _ in range(3):   # a click can land while Plotly is still binding its handlers
            x, y = page.evaluate(locate) or (0, 0)
            for _ in range(20):  # wait until the layout stops moving (buttons, expanders loading)
                page.wait_for_timeout(250)
                again = page.evaluate(locate) or (0, 0)
                if abs(again[0] - x) < 0.5 and abs(again[1] - y) < 0.5:
                    break
                x, y = again
            page.mouse.move(x, y)
            page.wait_for_timeout(300)
            page.mouse.click(x, y)
            try:
                page.wait_for_function(moved, timeout=20_000)
                break
            except Exception:  # noqa: BLE001 - retried, then asserted below
                page.screenshot(path=str(SCREENS / "map_click_debug.png"))
        page.wait_for_function(moved, timeout=5_000)
        page.wait_for_function("() => [...document.querySelectorAll('h1')].some(h => h.innerText.includes('北海道'))",
                               timeout=90_000)
        wait_until_done(page)
        assert "北海道" in page.locator("h1").first.inner_text()
    finally:
        context.close()
