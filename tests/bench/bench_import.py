"""Benchmark: import a national year of cost figures (~300k rows) from one CSV.

Usage: .venv/bin/python tests/bench/bench_import.py [--workdir DIR] [--no-demo] [--encoding cp932]

Writes a CSV with Japanese headers (1,788 organizations × their operations × cost
items, FY2025 estimates, amounts with thousands separators), builds a demo-sized
database (the demo generator, ~4M cost rows) unless --no-demo, then imports the CSV
through the same pipeline as the CLI and prints the phases, rows/s and peak RSS.
Target (issue 3): under 20 s for 300k rows, i.e. at least 30,000 rows/s.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dashboard import reference, store  # noqa: E402
from dashboard.ingest import pipeline  # noqa: E402
from tests.bench import rows as bench_rows  # noqa: E402

ITEMS_PER_PAIR = 9          # 1,741 × 20 × 9 + 47 × 2 × 9 ≈ 314k rows


def write_csv(path: Path, fy: int = 2025, encoding: str = "utf-8-sig") -> int:
    orgs = reference.load("organization")
    systems = reference.load("system")
    items = reference.load("cost_item")["name_ja"].tolist()[:ITEMS_PER_PAIR]
    pairs = []
    for code, kind in zip(orgs["org_code"], orgs["kind"]):
        runs = systems[systems["prefecture_runs"]] if kind == "都道府県" else systems
        pairs.extend((code, name) for name in runs["name_ja"])
    n = len(pairs) * len(items)
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "団体コード": np.repeat([p[0] for p in pairs], len(items)),
        "年度": "令和7年度" if fy == 2025 else str(fy),
        "業務": np.repeat([p[1] for p in pairs], len(items)),
        "費目": np.tile(items, len(pairs)),
        "区分": "見積",
        "金額": [f"{v:,}" for v in rng.integers(0, 50_000_000, n)],
        "備考": "",
    })
    frame.to_csv(path, index=False, encoding=encoding)
    return n


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--no-demo", action="store_true", help="import into an empty database")
    ap.add_argument("--encoding", default="utf-8-sig")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sanwari-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path, db = work / "national_fy2025.csv", work / "bench.duckdb"

    t = time.perf_counter()
    rows = write_csv(csv_path, encoding=args.encoding)
    print(f"wrote {csv_path.name}: {rows:,} rows, {csv_path.stat().st_size / 2**20:.1f} MiB "
          f"({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    if args.no_demo:
        db.unlink(missing_ok=True)
        with store.writer(db, create=True):
            pass
    else:
        # In a child process, so that the peak RSS printed below is the import's own.
        db.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "dashboard", "demo", "--db", str(db)], check=True,
                       cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL)
        with store.reader(db) as con:
            n = con.execute("select count(*) from cost_fact").fetchone()[0]
        print(f"demo database: {n:,} cost rows ({time.perf_counter() - t:.1f} s)")
    base_rss = rss_mib()

    files = pipeline.read_paths([csv_path])
    t0 = time.perf_counter()
    checks = pipeline.check_files(files)
    t1 = time.perf_counter()
    assert checks[0].ok, checks[0].problems[:5]
    report = pipeline.import_files(db, files, checks=checks, user="bench")
    t2 = time.perf_counter()
    b = report.batches[0]
    total = t2 - t0
    print(f"validate: {t1 - t0:.2f} s ({rows / (t1 - t0):,.0f} rows/s)")
    print(f"write (diff, insert, mart refresh, snapshot swap): {t2 - t1:.2f} s")
    print(f"import total: {total:.2f} s for {rows:,} rows = {rows / total:,.0f} rows/s "
          f"(target ≥ 30,000 rows/s, < 20 s)")
    print(f"batch {b.batch_id}: {b.rows_new:,} new, {b.rows_revised:,} revised, "
          f"{b.rows_unchanged:,} unchanged")
    print(f"peak RSS: {rss_mib():.0f} MiB (before the import: {base_rss:.0f} MiB)")
    # rows for make bench's one table (tests/bench/rows.py): the README quotes none of these itself
    into = "an empty database" if args.no_demo else "the 1x demo"
    bench_rows.emit(f"import {rows:,} rows into {into} (CLI pipeline)", "1x",
                    f"{rows / total:,.0f} rows/s ({total:.1f} s)", ">=30,000/s", rows / total >= 30_000)
    bench_rows.emit("import: of which validation", "1x", f"{t1 - t0:.1f} s ({rows / (t1 - t0):,.0f} rows/s)")
    with store.reader(db) as con:
        n = con.execute("select count(*) from cost_fact where batch_id = ?", [b.batch_id]).fetchone()[0]
    assert n == b.rows_new + b.rows_revised, (n, b)

    # The same figures again with a third of them changed: the revision path.
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding=args.encoding)
    frame.loc[::3, "金額"] = "1,000"
    frame.to_csv(csv_path, index=False, encoding=args.encoding)
    t0 = time.perf_counter()
    report = pipeline.import_files(db, pipeline.read_paths([csv_path]), user="bench")
    total = time.perf_counter() - t0
    b = report.batches[0]
    print(f"re-import with revisions: {total:.2f} s = {rows / total:,.0f} rows/s; batch {b.batch_id}: "
          f"{b.rows_new:,} new, {b.rows_revised:,} revised, {b.rows_unchanged:,} unchanged")
    print(f"peak RSS after both imports: {rss_mib():.0f} MiB")
    bench_rows.emit(f"re-import with revisions ({b.rows_revised:,} revised)", "1x",
                    f"{total:.1f} s ({rows / total:,.0f} rows/s)")
    bench_rows.emit("import peak RSS (both imports)", "1x", f"{rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
