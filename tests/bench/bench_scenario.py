"""Scenario recompute time on the national scope at scale 1 (the demo database).

    .venv/bin/python tests/bench/bench_scenario.py [--db data/demo.duckdb] [--runs 15]

Prints the one-off load of the stored figures (done once per scope and snapshot, cached by
the page), the median and p95 of a recompute after one lever moves (each run moves a
different lever to a new value), the median of the full sensitivity (tornado: every
lever at both ends of its range, plus the uncertainty band), and what one lever move costs on
the page (parsing the levers, the figures, the tornado and the band in one bundle, with the
page's queries answered from its cache). Targets: recompute ≤ 300 ms, sensitivity ≤ 2 s. Numbers depend on the machine's load: say what else was running. Both the
wall-clock time and this process's CPU time are printed: on a machine shared with other
jobs the CPU time (summed over the process's threads) is what the computation itself costs.
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

MOVES = [{"fx": 150}, {"fx": 165}, {"vendor_price": 5}, {"vendor_price": -2},
         {"commitment": {"share": 0.5}}, {"commitment": {"share": 0.8, "discount": 0.3}},
         {"joint_use": {"members": [{"select": "kind:町", "from_fy": 2027}]}},
         {"joint_use": {"members": [{"select": "pref:35", "from_fy": 2028}]}},
         {"delayed_migration": 2028}, {"delayed_migration": 2030},
         {"measures": {"M201": 0.5}}, {"measures": {"M104": 1.0, "M203": 0.4}}]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "demo.duckdb"))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scope", default="national")
    args = parser.parse_args()
    from dashboard import store
    from dashboard.scenario import compute, data, view
    from dashboard.scenario import levers as lv
    from dashboard.scope import Scope

    scope = Scope.parse(args.scope)
    started = time.perf_counter()
    with store.reader(args.db) as con:
        fig = data.load(con, scope)
        load_s = time.perf_counter() - started
        run = data.fetcher(con)
        answers = {}

        def fetch(name, scope=None, **params):      # the page's query cache (views.fetch)
            key = (name, str(scope), tuple(sorted(params.items())))
            if key not in answers:
                answers[key] = run(name, scope, **params)
            return answers[key]
        view.bundle(fetch, scope, [("neutral", lv.neutral())], figures=fig)
    print(f"database {args.db}, scope {scope}: {len(fig.pair_org):,} pairs × 6 years × 12 items; "
          f"load of the stored figures {load_s * 1000:.0f} ms (once per scope and snapshot), "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    compute.compute(fig, lv.neutral())             # fill the per-figures cache, as the page does
    times, cpu = [], []
    for n in range(args.runs):
        levers = lv.parse(MOVES[n % len(MOVES)])
        t, c = time.perf_counter(), time.process_time()
        compute.compute(fig, levers)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"recompute after a lever move: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
          f"max {times[-1]:.0f} ms over {args.runs} moves (target ≤ 300 ms); "
          f"CPU time median {statistics.median(cpu):.0f} ms")
    sens, sens_cpu = [], []
    for n in range(max(3, args.runs // 5)):
        levers = lv.parse(MOVES[(2 * n) % len(MOVES)])
        rows = compute.compute(fig, levers)
        t, c = time.perf_counter(), time.process_time()
        compute.sensitivity(fig, levers, rows)
        sens.append(time.perf_counter() - t)
        sens_cpu.append(time.process_time() - c)
    print(f"full sensitivity (tornado + band, 6 levers × 2 ends): median {statistics.median(sens) * 1000:.0f} ms, "
          f"max {max(sens) * 1000:.0f} ms over {len(sens)} runs (target ≤ 2000 ms); "
          f"CPU time median {statistics.median(sens_cpu) * 1000:.0f} ms; load average now "
          f"{os.getloadavg()[0]:.1f}")
    page, page_cpu = [], []
    for n in range(max(3, args.runs // 3)):
        t, c = time.perf_counter(), time.process_time()
        view.bundle(fetch, scope, [("moved", lv.parse(MOVES[(3 * n + 1) % len(MOVES)]))], figures=fig)
        page.append(time.perf_counter() - t)
        page_cpu.append(time.process_time() - c)
    print(f"a lever move on the page (parse + figures + tornado + band): median "
          f"{statistics.median(page) * 1000:.0f} ms, max {max(page) * 1000:.0f} ms over {len(page)} moves; "
          f"CPU time median {statistics.median(page_cpu) * 1000:.0f} ms; load average now "
          f"{os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)")
    # rows for make bench's one table (tests/bench/rows.py), the load average beside the wall time
    from tests.bench import rows as bench_rows
    load = f"load {os.getloadavg()[0]:.1f}"
    lever_ms, sens_ms, page_ms = statistics.median(times), statistics.median(sens) * 1000, statistics.median(page) * 1000
    bench_rows.emit(f"scenario recompute after a lever move, {scope} (median / CPU)", "1x",
                    f"{lever_ms:.0f} ms / {statistics.median(cpu):.0f} ms CPU ({load})", "<=300 ms", lever_ms <= 300)
    bench_rows.emit(f"scenario full sensitivity (tornado + band), {scope} (median / CPU)", "1x",
                    f"{sens_ms:.0f} ms / {statistics.median(sens_cpu) * 1000:.0f} ms CPU ({load})", "<=2000 ms",
                    sens_ms <= 2000)
    bench_rows.emit(f"scenario lever move as the page does it (figures + tornado + band), {scope}", "1x",
                    f"{page_ms:.0f} ms / {statistics.median(page_cpu) * 1000:.0f} ms CPU ({load})")


if __name__ == "__main__":
    main()
