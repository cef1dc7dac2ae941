"""Real browser on /scenarios (Playwright + Debian's Chromium), the four steps a user takes:
move a lever (the address and the figures follow), save two scenarios (stored, listed by the
CLI), compare them (both lines on the comparison chart, both in its reading with their
FY2030 change), and open the address again in a new browser context: the same sliders,
comparison and figures. Expected figures come from `scenario --json` with the same levers.
Screenshot: tests/artifacts/screens/scenarios.png."""
from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse

import pytest

from tests.bench.appserver import CHROMIUM, app_server, kpi_texts, launch_browser, wait_ready
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
SCREENS = ROOT / "tests" / "artifacts" / "screens"
LONG = 180_000                     # ms: the machine is shared; a save reloads the figures
COMPARISON = ".st-key-fig_scenario_comparison"


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    folder = tmp_path_factory.mktemp("scenario_browser")
    db = folder / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    with app_server(db, env={"SANWARI_AUDIT": str(folder / "audit.jsonl")}) as (url, _proc):
        yield url, db


def settle(page) -> None:
    page.wait_for_timeout(800)
    wait_ready(page, LONG)
    # the title is drawn before the figures are computed: wait for the figures themselves
    page.wait_for_selector('[data-testid="stMetric"]', timeout=LONG)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && document.querySelector('[data-testid="stApp"]')?.dataset?.teststate !== 'running'""",
        timeout=LONG)
    page.wait_for_timeout(1500)


def params(page) -> dict:
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).items()}


def slider_value(page, label: str) -> str:
    """The slider's value (an <input type=range> under the slider role)."""
    return page.get_by_role("slider", name=re.compile(label)).first.input_value()


def legend(page) -> list[str]:
    return page.eval_on_selector_all(f"{COMPARISON} .legendtext", "els => els.map(e => e.textContent)")


def reading(page) -> str:
    text = page.locator(f'{COMPARISON} [data-testid="stCaptionContainer"]').first.inner_text()
    return re.sub(r"\s+", " ", text).strip()


def comparison_box(page):
    return page.locator('[data-testid="stMultiSelect"]').filter(has_text="比較する保存済みシナリオ").first


def compared(page) -> str:
    """What the comparison multiselect shows: its label and the chosen scenarios."""
    return re.sub(r"\s+", " ", comparison_box(page).inner_text()).strip()


def until_url(page, text: str) -> None:
    """The app writes its state into the address; wait until it has (the machine may be slow)."""
    page.wait_for_function("t => decodeURIComponent(location.search).includes(t)", arg=text, timeout=LONG)
    settle(page)


def until_kpi(page, text: str) -> None:
    """Until the first KPI card shows `text` (the figures of the new levers replace the old)."""
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"stMetric\"]')?.innerText.replace(/\\s+/g, ' ').includes(t)",
        arg=text, timeout=LONG)
    settle(page)


def move(page, label: str, presses: int = 1) -> None:
    """Step a slider to the right from the keyboard, as a user would."""
    page.get_by_role("slider", name=re.compile(label)).first.focus()
    for _ in range(presses):
        page.keyboard.press("ArrowRight")


def save(page, name: str) -> None:
    page.get_by_label("シナリオ名").fill(name)
    page.get_by_label("シナリオ名").press("Enter")
    settle(page)
    before = page.url
    page.get_by_role("button", name="保存する").click()
    page.wait_for_function("u => location.href !== u && location.search.includes('scenario=')",
                           arg=before, timeout=LONG)
    settle(page)


def pick_comparison(page, option: str) -> None:
    """Open the comparison list and click `option`. The multiselect is a combobox whose list
    opens on a click in its field or on ArrowDown; try the click first."""
    box = comparison_box(page)
    choice = page.get_by_role("option").filter(has_text=option).first
    field = box.locator("input")
    ways = (lambda: field.click(),                                   # a click in the field
            lambda: (field.focus(), page.keyboard.press("ArrowDown")),  # the keyboard
            lambda: (field.focus(), page.keyboard.type(option.split(" ", 1)[1])))  # typing filters
    for way in ways:
        way()
        try:
            choice.wait_for(timeout=20_000)
            break
        except Exception:                                # noqa: BLE001 - try the next way
            continue
    else:
        options = page.eval_on_selector_all('[role="option"]', "els => els.map(e => e.outerHTML)")
        raise AssertionError(f"no option {option!r}; options {options}; field {box.inner_html()[:3000]}")
    choice.click()
    page.locator('[data-testid="stMainBlockContainer"] h1').first.click()   # close the list


def fy2030(cli, db, tmp_path, levers: dict) -> dict:
    path = tmp_path / "levers.json"
    path.write_text(json.dumps(levers))
    out = cli("scenario", "--db", db, "--scope", "pref:35", "--levers", path, "--json", check=True)
    return json.loads(out.stdout)["years"][-1]


def millions(year: dict) -> str:
    return f"{round(year['cost_yen'] / 1_000_000):,} 百万円"


def change(year: dict) -> str:
    """The 基準年度比 card: −reduction rate, one decimal."""
    return f"{-year['reduction_rate']:+.1%}"


def signed(year: dict) -> str:
    """The comparison's reading (U+2212 minus, as on every chart)."""
    rate = -year["reduction_rate"]
    return ("+" if rate > 0 else "\u2212") + f"{abs(rate) * 100:.1f}%"


def view(page) -> dict:
    return {"kpis": kpi_texts(page), "vendor": slider_value(page, "事業者の価格改定"),
            "fx": slider_value(page, "為替レート"), "compared": compared(page),
            "legend": legend(page), "reading": reading(page)}


def test_move_save_compare_reload(server, cli, tmp_path):
    from playwright.sync_api import sync_playwright
    url, db = server
    neutral = fy2030(cli, db, tmp_path, {})
    moved = fy2030(cli, db, tmp_path, {"vendor_price": 0.5})
    both = fy2030(cli, db, tmp_path, {"vendor_price": 0.5, "fx": 140})
    assert neutral["cost_yen"] < moved["cost_yen"] < both["cost_yen"]
    with sync_playwright() as p:
        browser = launch_browser(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="ja-JP")
        page = context.new_page()
        page.goto(f"{url}/scenarios?pref=35")
        settle(page)
        assert not page.query_selector('[data-testid="stException"]')
        assert millions(neutral) in kpi_texts(page)[0]

        move(page, "事業者の価格改定")                        # 1. move a lever: +0.5 %/year
        until_url(page, "vendor_price")
        until_kpi(page, millions(moved))
        assert json.loads(params(page)["levers"]) == {"vendor_price": {"pct_per_year": 0.5}}
        kpis = kpi_texts(page)
        assert millions(moved) in kpis[0] and change(moved) in kpis[1]

        save(page, "価格改定0.5%")                            # 2. save, twice
        first = params(page)["scenario"]
        move(page, "為替レート")                              # ¥139 → ¥140
        until_url(page, "fx")
        until_kpi(page, millions(both))
        save(page, "円安140")
        second = params(page)["scenario"]
        listed = json.loads(cli("scenario", "list", "--db", db, "--json", check=True).stdout)
        assert {(str(r["scenario_id"]), r["name"]) for r in listed} == {(first, "価格改定0.5%"), (second, "円安140")}

        pick_comparison(page, f"#{first} 価格改定0.5%")      # 3. compare the two
        until_url(page, f"compare={first}")
        page.wait_for_function(
            "([sel, n]) => [...document.querySelectorAll(sel)].some(e => e.textContent === n)",
            arg=[f"{COMPARISON} .legendtext", f"#{first} 価格改定0.5%"], timeout=LONG)
        before = view(page)
        assert {"円安140", f"#{first} 価格改定0.5%"} <= set(before["legend"])
        assert f"円安140 {signed(both)}" in before["reading"]
        assert f"#{first} 価格改定0.5% {signed(moved)}" in before["reading"]
        assert millions(both) in before["kpis"][0] and change(both) in before["kpis"][1]
        assert f"#{first} 価格改定0.5%" in before["compared"]
        assert (before["vendor"], before["fx"]) == ("0.5", "140")
        address = page.url
        assert params(page)["scenario"] == second
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / "scenarios.png"), full_page=True)

        again = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="ja-JP").new_page()
        again.goto(address)                                   # 4. the same address, a new session
        settle(again)
        again.wait_for_selector(f"{COMPARISON} .legendtext", timeout=LONG)
        assert view(again) == before
        browser.close()
