"""Label collisions on every page, measured in Debian's Chromium (not part of `make test`).

    .venv/bin/python tests/bench/label_overlap.py [--db data/demo.duckdb] [ADDRESS ...]

Loads each page at 1440 x 900 in Japanese and English, reads the bounding boxes of every
chart's SVG text (tests/overlap.py) and prints each overlapping pair or clipped label, then
the count per page; writes full-page screenshots to tests/artifacts/screens/. It is a
measuring tool until every page prints 0: then it becomes a test.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.appserver import CHROMIUM, CHROMIUM_ARGS, app_server  # noqa: E402
from tests.overlap import page_problems  # noqa: E402
from tests.test_browser_pages import wait_until_done  # noqa: E402

PAGES = ["/", "/prefecture?pref=35", "/organization?org=352012", "/factors?pref=35"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "demo.duckdb"))
    parser.add_argument("addresses", nargs="*", default=PAGES)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    screens = ROOT / "tests" / "artifacts" / "screens"
    screens.mkdir(parents=True, exist_ok=True)
    total = 0
    with app_server(Path(args.db)) as (url, _proc), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for address in args.addresses:
            for lang in ("ja", "en"):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                sep = "&" if "?" in address else "?"
                page.goto(url + address + (f"{sep}lang=en" if lang == "en" else ""))
                wait_until_done(page)
                checked, found = page_problems(page)
                name = (address.strip("/").split("?")[0] or "national") + f"_{lang}_1440"
                height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                page.set_viewport_size({"width": 1440, "height": min(int(height) + 50, 16000)})
                page.wait_for_timeout(1500)
                page.screenshot(path=str(screens / f"{name}.png"), full_page=True)
                print(f"{address} [{lang}]: {checked} charts, {len(found)} label problems")
                for line in found:
                    print("   ", line)
                total += len(found)
                context.close()
        browser.close()
    print(f"total label problems: {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
