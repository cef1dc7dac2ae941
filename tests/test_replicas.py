"""Two replicas behind nginx (deploy/nginx/sanwari.conf), as deployed for many users
(`make stress-replicas`, run in CI after `make stress`).

Two `python -m dashboard serve` processes share one folder: the database and its
snapshots, the accounts, the audit log and the state store (SQLite in WAL mode), with the
environment of deploy/systemd/sanwari@.service. nginx runs the deploy/ configuration with
only its ports changed. Then:
- wrong passwords on replica A hold back the account on replica B (throttling is shared);
- SESSIONS browser sessions (three national accounts in four, a 山口県 account in the
  fourth) sign in through nginx, which spreads them over both replicas, and cycle through
  the pages while an import runs through nginx and the import page of one replica; no page
  shows an error, a 山口県 page never names an organization outside 山口県, and every KPI
  set read is the one before or the one after the import, never a mix of the two;
- after the import, every session's next rerun shows the new figures, on either replica;
- the replica that wrote the import is killed (SIGKILL): every session it served comes back
  through nginx to the other, signs in again there and sees the imported figures (nothing
  committed is lost);
- the audit log, written concurrently by both replicas, verifies as one chain.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests import replica_fixtures as R
from tests.bench import appserver
from dashboard import fiscal
from tests.concurrency_fixtures import ROOT, cli, revision_csv

pytestmark = [pytest.mark.browser, pytest.mark.replicas]

SESSIONS = int(os.environ.get("SANWARI_REPLICA_SESSIONS", "40"))
# A person reads a page for a while before clicking on. This test is about correctness across
# replicas, not speed, and its 40 browsers share the 2 cores with the servers (what drawing
# costs Chromium: THINK_S in tests/test_concurrency.py). At 30-60 s of reading, national
# pages outlasted their 120 s while the import ran.
THINK_S = (45.0, 90.0)
# Seconds between two sessions' arrivals: at 4 s, the sign-ins alone asked for more than 2 cores.
ARRIVAL_S = 8.0
# Sessions rerunning at once after the import (each reads its home page again): all 40 at
# once would ask Chromium for some 200 CPU-seconds in one burst.
RERUN_AT_ONCE = 4
UNIT = ROOT / "deploy" / "systemd" / "sanwari@.service"
# Each kind of account: its pages in the sidebar, the first one is where its KPIs are read.
NAV = {"stress": ["全国概況", "都道府県", "団体", "要因分析"],
       "yamaguchi": ["都道府県", "団体", "要因分析"]}


def kind_of(i: int) -> str:
    return "yamaguchi" if i % 4 == 3 else "stress"


def user_of(i: int) -> str:
    """Each session its own account: the sign-in throttle counts attempts per account and
    client, and every browser here reaches nginx from 127.0.0.1, so one shared account
    signing in 40 times at once would be (rightly) held back as parallel guessing."""
    return f"{kind_of(i)}{i:02d}"


def unit_environment() -> dict[str, str]:
    """The settings every replica gets from the systemd unit that are not paths."""
    pairs = re.findall(r"^Environment=(SANWARI_\w+)=(.*)$", UNIT.read_text(), re.M)
    return {k: v for k, v in pairs if k in ("SANWARI_CLIENT_HEADER",)}


def outside_yamaguchi() -> list[str]:
    """Names of organizations outside 山口県 that no 山口県 name contains."""
    from dashboard import reference
    orgs = reference.organizations()
    own = set(orgs.loc[orgs["pref_code"] == "35", "name"])
    names = set(orgs.loc[orgs["pref_code"] != "35", "name"]) - own
    return sorted(n for n in names if not any(n in o for o in own))


async def run(urls: dict, page_file: Path, access_log: Path, kill, report: dict) -> None:
    from playwright.async_api import async_playwright

    from tests.test_concurrency import _errors, _goto_nav, _kpis
    errors, observed, ready_ms, leaks = [], [], [], []
    counts: dict[str, int] = {}         # KPI cards on each home page (from the first probe)
    outside = outside_yamaguchi()
    stop = asyncio.Event()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=appserver.CHROMIUM,
                                          args=appserver.CHROMIUM_ARGS)

        async def new_page(url: str, name: str):
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(120_000)
            context.set_default_navigation_timeout(120_000)
            page = await context.new_page()
            await R.sign_in(page, url, name)
            return page

        async def home_kpis(page, name: str) -> tuple:
            await _goto_nav(page, NAV[name][1])
            await _goto_nav(page, NAV[name][0])
            return await _kpis(page, counts.get(name, 3))

        async def probe(name: str) -> tuple:
            page = await new_page(urls["lb"], name)
            kpis = await home_kpis(page, name)
            await page.context.close()
            return kpis

        async def check_page(i: int, name: str, page, label: str) -> None:
            if await _errors(page):
                errors.append((i, label, (await page.inner_text("body"))[:300]))
            if name == "yamaguchi":
                body = await page.inner_text("body")
                leaks.extend((i, label, n) for n in outside if n in body)

        pages: list = [None] * SESSIONS

        async def session(i: int) -> None:
            name = kind_of(i)
            await asyncio.sleep(ARRIVAL_S * i)    # people do not all sign in at once
            try:
                pages[i] = page = await new_page(urls["lb"], user_of(i))
            except Exception as exc:  # noqa: BLE001 - counted as an error
                errors.append((i, "sign-in", repr(exc)[:300]))
                return
            rng, k = random.Random(i), i
            while not stop.is_set():
                label = NAV[name][k % len(NAV[name])]
                k += 1
                with contextlib.suppress(asyncio.TimeoutError):   # reading, until the end
                    await asyncio.wait_for(stop.wait(), rng.uniform(*THINK_S))
                    break
                try:
                    ready_ms.append(await asyncio.wait_for(_goto_nav(page, label), 120))
                    await check_page(i, name, page, label)
                    if label == NAV[name][0]:
                        observed.append((name, await _kpis(page, counts[name])))
                except Exception as exc:  # noqa: BLE001 - a timeout is an error to report
                    errors.append((i, label, repr(exc)[:300]))

        report["before"] = {n: await probe(n) for n in NAV}
        counts.update({n: len(k) for n, k in report["before"].items()})
        # Before the sessions start: the check is about shared counts, not load, and its
        # waits (up to 64 s) must not be outlasted by a page load on a saturated machine.
        report["throttle"] = await R.throttle_across(browser, urls["a"], urls["b"], "victim",
                                                     "192.0.2.66")
        # The importer signs in before the crowd arrives: what is tested under load is the
        # import itself, through nginx and the import page of whichever replica nginx picks
        # (the upload must reach the replica holding the session).
        from tests.test_concurrency import _import_on_page
        importer = await new_page(urls["lb"], "stress")
        route = next(c["value"] for c in await importer.context.cookies() if c["name"] == "sanwari_route")
        report["import_replica"] = R.served_by(access_log)[route]
        R.say(f"throttle checked across replicas; starting {SESSIONS} sessions")
        started = time.monotonic()
        tasks = [asyncio.create_task(session(i)) for i in range(SESSIONS)]
        ticker = asyncio.create_task(R.progress(lambda: (sum(p is not None for p in pages),
                                                         len(ready_ms), len(errors))))
        # every session signed in and cycling before the import starts
        await asyncio.sleep(max(0.0, started + ARRIVAL_S * SESSIONS + 10 - time.monotonic()))
        await _import_on_page(importer, page_file)
        R.say(f"import through {report['import_replica']} done; {len(ready_ms)} page loads, "
              f"{len(errors)} errors, {len(leaks)} scope leaks so far")
        await asyncio.sleep(60)   # the sessions read on after the import (the reruns below check each)
        stop.set()
        ticker.cancel()
        done, pending = await asyncio.wait(tasks, timeout=180)
        for task in pending:                            # stuck: counted, then cancelled
            errors.append(("session", "did not finish its last page within 180 s", ""))
            task.cancel()
        report["after"] = {n: await probe(n) for n in NAV}
        live = [(i, pg) for i, pg in enumerate(pages) if pg is not None]
        at_once = asyncio.Semaphore(RERUN_AT_ONCE)

        async def rerun(i: int, page) -> tuple:
            async with at_once:
                return await home_kpis(page, kind_of(i))

        reruns = await asyncio.gather(*(rerun(i, pg) for i, pg in live), return_exceptions=True)
        report["next_rerun"] = {i: k if isinstance(k, tuple) else repr(k)[:300]
                                for (i, _), k in zip(live, reruns)}
        report["routes"] = {i: next((c["value"] for c in await pg.context.cookies()
                                     if c["name"] == "sanwari_route"), None) for i, pg in live}
        R.say(f"every session reran; {len(errors)} errors so far")

        (importer_at,) = report["import_replica"]
        kill(importer_at)                   # the replica that wrote the import dies mid-run
        R.say(f"replica {importer_at} killed")
        # The sessions that lived on the killed replica come back; the others, whose
        # replica lives on, were checked at their rerun above.
        served = R.served_by(access_log)
        orphans = [(i, pg) for i, pg in live if served.get(report["routes"][i]) == {importer_at}]
        report["orphans"] = [i for i, _ in orphans]

        async def come_back(k: int, i: int, page) -> tuple:
            await asyncio.sleep(ARRIVAL_S * k)
            await R.sign_in(page, urls["lb"], user_of(i))   # a reload: a new session, on B
            await check_page(i, kind_of(i), page, "after the kill")
            return await home_kpis(page, kind_of(i))

        back = await asyncio.gather(*(come_back(k, i, pg) for k, (i, pg) in enumerate(orphans)),
                                    return_exceptions=True)
        report["after_kill"] = {i: k if isinstance(k, tuple) else repr(k)[:300]
                                for (i, _), k in zip(orphans, back)}
        R.say(f"the {len(orphans)} sessions of the killed replica are back")
        await browser.close()
    report.update(errors=errors, observed=observed, ready_ms=ready_ms, leaks=leaks)


def test_two_replicas_behind_nginx(demo_db, tmp_path):
    if not os.path.exists(appserver.CHROMIUM) or not os.path.exists(R.NGINX):
        pytest.skip("Debian chromium and nginx are needed (make setup installs them)")
    started = time.perf_counter()
    shared = tmp_path / "shared"                 # the volume every replica mounts
    shared.mkdir()
    db = shared / "sanwari.duckdb"
    shutil.copyfile(demo_db, db)
    env = {"SANWARI_DB": str(db), "SANWARI_USERS": str(shared / "users.toml"),
           "SANWARI_STATE": str(shared / "state.sqlite"), **unit_environment()}
    for name, role in (("stress", "national"), ("victim", "national"), ("yamaguchi", "pref:35")):
        r = cli("user", "add", name, "--role", role, "--password-stdin",
                *(["--may-import"] if name == "stress" else []), env=env, input=R.PASSWORD + "\n")
        assert r.returncode == 0, r.stderr
    from dashboard import accounts
    from dashboard.scope import Scope
    for i in range(SESSIONS):
        accounts.add(user_of(i), Scope.parse("pref:35" if kind_of(i) == "yamaguchi" else "national"),
                     password=R.PASSWORD, path=shared / "users.toml")
    first, page_file = tmp_path / "first.csv", tmp_path / "page_pref35.csv"
    revision_csv(db, first, pref_code="47", fiscal_year=2030, factor=1.01)
    assert cli("import", "--db", db, first, env=env).returncode == 0     # not the open demo
    # 山口県 revised in the current fiscal year (the year every page opens on, so both kinds of
    # session see the import) and in FY2030 (the projection the pack and scenarios read)
    revision_csv(db, page_file, pref_code="35", fiscal_year=2030, factor=1.5)
    current = tmp_path / "current.csv"
    revision_csv(db, current, pref_code="35", fiscal_year=fiscal.current_fiscal_year(), factor=1.5)
    with open(page_file, "a", encoding="utf-8") as f:
        f.writelines(current.read_text(encoding="utf-8").splitlines(keepends=True)[1:])

    report: dict = {}
    work = tmp_path / "nginx"
    work.mkdir()
    with ExitStack() as stack:
        (url_a, proc_a), (url_b, proc_b) = stack.enter_context(R.replicas(db, env))
        ports = tuple(int(u.rsplit(":", 1)[1]) for u in (url_a, url_b))
        listen = appserver.free_port()
        nginx = R.start_nginx(work, listen, ports)
        stack.callback(nginx.terminate)
        urls = {"a": url_a, "b": url_b, "lb": f"http://127.0.0.1:{listen}"}
        R.say("replicas and nginx up")
        procs = {f"127.0.0.1:{port}": proc for port, proc in zip(ports, (proc_a, proc_b))}
        asyncio.run(asyncio.wait_for(run(urls, page_file, work / "access.log",
                                         lambda addr: os.kill(procs[addr].pid, signal.SIGKILL),
                                         report), 1800))

    errors, ready = report["errors"], sorted(report["ready_ms"])
    before, after = report["before"], report["after"]
    p95 = ready[int(0.95 * (len(ready) - 1))] if ready else float("nan")
    seen = {(n, [before[n], after[n]].index(k)) for n, k in report["observed"] if k in (before[n], after[n])}
    routes = R.served_by(work / "access.log")
    replicas = {r: routes.get(r, set()) for r in report["routes"].values() if r}
    load = os.getloadavg()
    print(f"\nreplicas: {SESSIONS} sessions over 2 replicas, {len(ready)} page loads, "
          f"time-to-ready median {ready[len(ready) // 2] if ready else 0:.0f} ms, p95 {p95:.0f} ms; "
          f"errors {len(errors)}; scope leaks {len(report['leaks'])}; states seen {sorted(seen)}; "
          f"wall {time.perf_counter() - started:.0f} s; load average {load[0]:.1f} {load[1]:.1f}")
    print("throttle answers:", [a[:40] for a in report["throttle"]])

    # throttling holds across replicas: B refuses the right password after A's failures
    assert R.THROTTLED in report["throttle"][-1], report["throttle"]
    with sqlite3.connect(shared / "state.sqlite") as con:   # counted under the attacker's address
        assert con.execute("select count(*) from throttle where key = 'client:192.0.2.66'").fetchone()[0] == 1
    assert not errors, errors[:3]
    assert not report["leaks"], report["leaks"][:5]
    for n in NAV:
        assert before[n] != after[n], f"the import changes {n}'s KPI cards"
    mixed = [(n, k) for n, k in report["observed"] if k not in (before[n], after[n])]
    assert not mixed, (mixed[:2], before, after)
    assert ("stress", 0) in seen and ("stress", 1) in seen, "the sessions did not overlap the import"
    stale = {i: k for i, k in report["next_rerun"].items() if k != after[kind_of(i)]}
    assert not stale, (list(stale.items())[:2], after)
    # nginx spread the sessions over both replicas, each session stuck to one until the kill
    a, b = (f"127.0.0.1:{port}" for port in ports)
    assert {a, b} <= set().union(*replicas.values()), replicas
    # after the kill: every session of the killed replica back on the other one, signed in,
    # with the import (nothing lost)
    assert len(report["orphans"]) >= SESSIONS // 4, report["orphans"]
    lost = {i: k for i, k in report["after_kill"].items() if k != after[kind_of(i)]}
    assert not lost, list(lost.items())[:2]
    # one audit chain, written by both replicas at once, verifies
    r = subprocess.run([sys.executable, "-c", "from dashboard import audit; print(audit.verify())"],
                       cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = [json.loads(x) for x in (shared / "audit" / "sanwari.audit.jsonl").read_text().splitlines()]
    assert int(r.stdout.strip()) == len(lines)
    logins = [x for x in lines if x["action"] == "login"]
    assert len(logins) >= SESSIONS + len(report["orphans"]), len(logins)   # before and after the kill
    assert sum(x["action"] == "login_failed" for x in lines) >= 7
    assert sum(x["action"] == "import" for x in lines) == 2   # the CLI's and the page's
