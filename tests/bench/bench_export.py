"""Benchmark: council-pack build times (issue 5: a national 10-chart PPTX under 30 s).

Usage: .venv/bin/python tests/bench/bench_export.py [--db PATH] [--out DIR]

Builds the demo database unless --db is given, then times, for the national scope and
the first 10 charts of its catalog:
- the `export` command as a fresh process (cold: includes Python start-up and the one
  Chromium start), for PPTX;
- pack.build in one process: PPTX first (cold browser), then PPTX again, PDF, XLSX, PNG
  (warm browser), with the data / render / write phases.
All charts of a pack are rendered in ONE Kaleido batch through one browser.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dashboard import store  # noqa: E402
from dashboard import catalog  # noqa: E402
from dashboard.export import pack  # noqa: E402
from dashboard.scope import Scope  # noqa: E402

FY = 2026


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "artifacts" / "exports" / "bench")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    db = args.db
    if db is None:
        from dashboard import demo_build
        db = Path(tempfile.mkdtemp()) / "demo.duckdb"
        started = time.perf_counter()
        demo_build.build(db)
        print(f"demo database built in {time.perf_counter() - started:.1f} s")
    keys = list(catalog.CATALOG_KEYS["national"][:10])
    print(f"national, {FY}, {len(keys)} charts: {', '.join(keys)}\n")

    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "dashboard", "export", "--db", db, "--scope", "national",
                          "--fy", str(FY), "--format", "pptx", "--out", args.out, "--quiet",
                          "--charts", ",".join(keys)], cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    print(f"{'CLI export pptx (fresh process, cold browser)':48s} {time.perf_counter() - started:6.1f} s")

    print(f"\n{'pack.build in one process':32s} {'total':>7s} {'data':>7s} {'render':>7s} {'write':>7s} {'size':>9s}")
    with store.reader(db) as con:
        for label, fmt in (("pptx (cold browser)", "pptx"), ("pptx (warm)", "pptx"), ("pdf", "pdf"),
                           ("xlsx", "xlsx"), ("png zip", "png")):
            r = pack.build(con, Scope(), FY, fmt, keys=keys)
            (args.out / r.file_name).write_bytes(r.data)
            t = r.timings
            print(f"{label:32s} {r.seconds:6.1f}s {t.get('data', 0):6.1f}s {t.get('render', 0):6.1f}s "
                  f"{t.get('write', 0):6.1f}s {len(r.data) / 2**20:7.1f} MiB")
    print(f"\noutputs in {args.out}")


if __name__ == "__main__":
    main()
