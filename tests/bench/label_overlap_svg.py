"""Label collisions in the exported SVGs, measured in Debian's Chromium (not part of `make test`).

    flock /work/helpers/browser.lock .venv/bin/python tests/bench/label_overlap_svg.py [--db data/demo.duckdb]

Exports every chart of the national, a prefecture and an organization scope as SVG, exactly as
the download button does (1600 x 900, stamped) and as the pack lays them out (1280 x 720), opens
each in Chromium, reads the bounding boxes of its text (tests/overlap.py) and prints each
overlapping pair or clipped label, then the count per scope. It becomes a test (beside
tests/test_label_overlap.py, which holds for the pages) once every line prints 0.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.appserver import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.overlap import COLLECT, problems  # noqa: E402

CASES = [("national", "ja", "PRINT_SIZE"), ("pref:35", "ja", "PRINT_SIZE"), ("pref:35", "en", "PRINT_SIZE"),
         ("org:352012", "ja", "PRINT_SIZE"), ("org:352012", "en", "PRINT_SIZE"),
         ("pref:35", "ja", "PACK_SIZE"), ("org:352012", "en", "PACK_SIZE")]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "demo.duckdb"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from dashboard import catalog, store
    from dashboard.export import render, stamp
    from dashboard.scope import Scope
    total = 0
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for scope, lang, size_name in CASES:
            size = getattr(render, size_name)
            with store.reader(Path(args.db)) as con:
                specs = [s for s in catalog.chart_specs(con, Scope.parse(scope), 2026, lang=lang) if not s.empty]
                meta = stamp.meta_for(con, Scope.parse(scope), 2026, lang=lang)
            svgs = render.render_many([stamp.stamp(s.figure, s.title, meta, size["width"], size["height"])
                                       for s in specs], "svg", **size)
            found = []
            for spec, svg in zip(specs, svgs):
                path = Path(tmp) / f"{spec.key}.svg"
                path.write_bytes(svg)
                page.goto(path.as_uri())
                found += problems(page.evaluate(f"() => ({COLLECT})(document.documentElement)"), spec.key)
            print(f"{scope} [{lang}, {size_name}]: {len(specs)} charts, {len(found)} label problems")
            for line in found:
                print("   ", line)
            total += len(found)
        browser.close()
    print(f"total label problems: {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
