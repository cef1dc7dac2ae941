"""Server-side rerun time of each page at national scale (AppTest, demo database).

    .venv/bin/python tests/bench/bench_pages.py [--db data/demo.duckdb] [--runs 15]

Prints median and p95 per page for warm reruns (caches filled by a first run, as on a
live server after the first visitor). Target: < 300 ms per rerun at scale 1.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PAGES = [("national", None, {}), ("national stacked en", None, {"lang": "en", "stacked": "true"}),
         ("prefecture 35", "ui/prefecture.py", {"pref": "35"}),
         ("prefecture 13", "ui/prefecture.py", {"pref": "13"}),
         ("organization 352012", "ui/organization.py", {"org": "352012"}),
         ("factors national", "ui/factors.py", {}),
         ("factors pref 35", "ui/factors.py", {"pref": "35"})]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "demo.duckdb"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ["SANWARI_DB"] = args.db
    from streamlit.testing.v1 import AppTest
    print(f"database {args.db}, {args.runs} warm reruns per page")
    print(f"{'page':24} {'first ms':>9} {'median ms':>10} {'p95 ms':>8}")
    for name, page, params in PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
        at.run()
        if page:
            at.switch_page(page)
        for k, v in params.items():
            at.query_params[k] = v
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        assert not at.exception, [e.value for e in at.exception]
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"{name:24} {first * 1000:9.0f} {statistics.median(times):10.0f} {p95:8.0f}")


if __name__ == "__main__":
    main()
