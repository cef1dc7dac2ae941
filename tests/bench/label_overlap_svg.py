"""Label collisions in the exported SVGs, measured in Debian's Chromium: a printout of what
tests/test_label_overlap_exports.py asserts (the same exports, the same checker), for fixing.

    flock /work/helpers/browser.lock .venv/bin/python tests/bench/label_overlap_svg.py \
        [--db data/demo.duckdb] [--scope pref:35] [--lang en] [--size PACK_SIZE]

Exports every chart of the national, a prefecture and an organization scope as SVG, exactly as
the download button does (1600 x 900, stamped) and as the pack lays them out (1280 x 720, titled
and untitled), opens each in Chromium, reads the bounding boxes of its text (tests/overlap.py)
and prints each overlapping pair or clipped label, then the count per case.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.appserver import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.overlap import COLLECT, exports, problems  # noqa: E402

SCOPES, LANGS, SIZES = ("national", "pref:35", "org:352012"), ("ja", "en"), ("PRINT_SIZE", "PACK_SIZE")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "demo.duckdb"))
    parser.add_argument("--scope", choices=SCOPES)
    parser.add_argument("--lang", choices=LANGS)
    parser.add_argument("--size", choices=SIZES)
    parser.add_argument("--fy", type=int, default=2026)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from dashboard import store
    from dashboard.export import render
    cases = [(s, l, z) for s in SCOPES for l in LANGS for z in SIZES
             if args.scope in (None, s) and args.lang in (None, l) and args.size in (None, z)]
    total = 0
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for scope, lang, size_name in cases:
            size = getattr(render, size_name)
            with store.reader(Path(args.db)) as con:
                figures = exports(con, scope, args.fy, lang, size_name)
            started = time.perf_counter()
            svgs = render.render_many([f for _, f in figures], "svg", **size)
            rendered = time.perf_counter() - started
            found = []
            for n, ((name, _), svg) in enumerate(zip(figures, svgs)):
                path = Path(tmp) / f"{n:02d}.svg"
                path.write_bytes(svg)
                page.goto(path.as_uri())
                found += problems(page.evaluate(f"() => ({COLLECT})(document.documentElement)"), name)
            print(f"{scope} [{lang}, {size_name}]: {len(figures)} exports ({rendered:.1f} s to render), "
                  f"{len(found)} label problems")
            for line in found:
                print("   ", line)
            total += len(found)
        browser.close()
    print(f"total label problems: {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
