"""Many sessions on one server (issue: a national rollout), printed as `name value` lines
that tests/bench/run.py turns into rows of the benchmark table.

    .venv/bin/python tests/bench/bench_sessions.py --db DB [--browsers 20]

- cold first page: a fresh `python -m dashboard serve`; seconds from its start until it
  answers health, then one session's national page (raw websocket client);
- 20 and 50 raw websocket sessions asking for the national page at the same moment
  (tests/bench/wsload.py): errors, median, p95 and max of the time until each run ends;
- memory per additional session: RSS with 50 sessions held open after their run, minus the
  RSS before, over 50 (after a first burst has warmed the server);
- 20 Chromium sessions (one browser, 20 contexts) opening the pages of appserver.ADDRESSES
  with a pause to read between pages: p95 time-to-ready.
Nothing else should run on the machine meanwhile; the numbers are for the whole box.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench import appserver, wsload  # noqa: E402


def line(name: str, value: str) -> None:
    print(f"{name}\t{value}", flush=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far: what a burst cost the server, whatever
    else the machine was doing meanwhile."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root: int) -> float:
    """CPU time so far of `root` and every process below it (Chromium's browser, GPU and
    renderer processes are children of Playwright's driver, which is a child of this one)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:                       # gone meanwhile
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += cpu_seconds(pid)
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    return total


def cold(db: Path) -> None:
    started = time.perf_counter()
    with appserver.app_server(db) as (url, _):
        line("server start until healthy (s)", f"{time.perf_counter() - started:.1f}")
        s = wsload.summarise(wsload.burst(url, 1))
        line("cold first page (s)", f"{s['p95_s']:.2f}" if s["p95_s"] else f"error {s['first_error']}")


def bursts(db: Path) -> None:
    with appserver.app_server(db) as (url, proc):
        wsload.burst(url, 5)                                  # warm: first runs of the page
        for n in (20, 50):
            cpu = cpu_seconds(proc.pid)
            s = wsload.summarise(wsload.burst(url, n))
            cpu = cpu_seconds(proc.pid) - cpu
            line(f"ws burst {n}", f"errors={s['errors']} median={s['median_s'] or 0:.2f} "
                                  f"p95={s['p95_s'] or 0:.2f} max={s['max_s'] or 0:.2f} "
                                  f"kib={s['kib_per_session']:.0f} cpu_ms_per_view={cpu / n * 1000:.0f}")
            if s["first_error"]:
                line(f"ws burst {n} first error", s["first_error"][:200])
        time.sleep(3)
        before, _ = appserver.rss_mib(proc.pid)
        held = {}
        wsload.burst(url, 50, while_open=lambda: held.update(rss=appserver.rss_mib(proc.pid)[0]))
        line("memory per additional session (MiB)", f"{(held['rss'] - before) / 50:.2f} "
                                                    f"({before:.0f} -> {held['rss']:.0f} MiB with 50 open)")


async def _browsers(url: str, sessions: int, rounds: int,
                    server_pid: int) -> tuple[list[float], list, float, float]:
    """Times to ready, errors, and the CPU seconds the server and the browsers (everything
    else under this process: Playwright's driver and Chromium) spent meanwhile, both read at
    the same two moments, the second before the browser closes (a dead child's time is gone)."""
    from playwright.async_api import async_playwright
    ready, errors = [], []
    server, everything = cpu_seconds(server_pid), tree_cpu_seconds(os.getpid())
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=appserver.CHROMIUM, args=appserver.CHROMIUM_ARGS)

        async def session(i: int) -> None:
            rng = random.Random(i)
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(120_000)    # a slow load is measured, not an error
            page = await context.new_page()
            for k in range(rounds):
                address = appserver.ADDRESSES[(i + k) % len(appserver.ADDRESSES)]
                t = time.perf_counter()
                try:
                    await page.goto(url + address, wait_until="domcontentloaded", timeout=120_000)
                    await page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=120_000)
                    await page.wait_for_function(
                        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                           && document.querySelector('[data-testid="stApp"]')?.dataset?.teststate !== 'running'""",
                        timeout=120_000)
                    ready.append(time.perf_counter() - t)
                    if await page.locator(appserver.ERROR_SELECTOR).count():
                        errors.append((i, address, "error element"))
                except Exception as exc:  # noqa: BLE001 - a timeout is an error to report
                    errors.append((i, address, repr(exc)[:200]))
                await asyncio.sleep(rng.uniform(2.0, 5.0))      # a person reads the page
            await context.close()

        await asyncio.gather(*(session(i) for i in range(sessions)))
        server = cpu_seconds(server_pid) - server
        everything = tree_cpu_seconds(os.getpid()) - everything
        await browser.close()
    return ready, errors, server, everything - server


def browsers(db: Path, sessions: int, rounds: int) -> None:
    """Also the CPU per page load of the server and of the browsers: on one machine the
    browsers' own drawing competes with the server for the same cores."""
    with appserver.app_server(db) as (url, proc):
        ready, errors, server, browser = asyncio.run(_browsers(url, sessions, rounds, proc.pid))
    median = statistics.median(ready) if ready else float("nan")
    p95 = wsload.pct(ready, 0.95) if ready else float("nan")
    loads = max(len(ready), 1)
    line(f"browser sessions {sessions}", f"errors={len(errors)} loads={len(ready)} "
                                         f"median={median:.2f} p95={p95:.2f} "
                                         f"server_cpu_s={server / loads:.2f} browser_cpu_s={browser / loads:.2f}")
    if errors:
        line(f"browser sessions {sessions} first error", str(errors[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--browsers", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=4, help="pages each browser session opens")
    args = ap.parse_args()
    cold(args.db)
    bursts(args.db)
    if args.browsers:
        browsers(args.db, args.browsers, args.rounds)


if __name__ == "__main__":
    main()
