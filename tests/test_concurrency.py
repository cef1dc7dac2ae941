"""Reads and writes at the same time, with real processes on a real demo database.

- Two imports started at once are serialised: the second is refused with the busy
  message (and applies when run again), or both apply; nothing is lost.
- An import killed with SIGKILL in the copy, the write, the mart refresh or at a random
  moment leaves the live file byte for byte as before; the same file then imports cleanly
  and gives the same database as an import that was never interrupted.
- `python -m dashboard summary` looping in other processes while imports run: no error,
  and every answer equals the figures before or after some import, never a mix.

The importer prints its phases on stderr when SANWARI_STORE_TRACE=1 (store._phase), which
is how a kill is aimed at a phase. See README "Concurrency" for the design.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard import store
from tests.concurrency_fixtures import (cli, file_sha256, revision_csv, start_cli,
                                        start_reader_loop, summary, table_checksums)

FY = 2026
BUSY = "別の取込が実行中です"
TRACE = {"SANWARI_STORE_TRACE": "1"}
PHASES = ("locked", "copy", "write", "refresh", "commit", "checkpoint", "swap", "done")


@pytest.fixture
def live(demo_db, tmp_path) -> Path:
    path = tmp_path / "live.duckdb"
    shutil.copyfile(demo_db, path)
    return path


def wait_phase(proc, phase: str, timeout: float = 120) -> list[str]:
    """Read the importer's stderr until it announces `phase`; the phases seen so far."""
    seen, other, deadline = [], [], time.time() + timeout
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            raise AssertionError(f"importer ended before phase {phase}: {seen}\n"
                                 f"{''.join(other)}{proc.stdout.read()}")
        if not line.startswith("store-phase "):
            other.append(line)
            continue
        seen.append(line.split()[1])
        if seen[-1] == phase:
            return seen
    raise AssertionError(f"no phase {phase} within {timeout} s")


def applied(db: Path, csv_path: Path) -> bool:
    """Every row of a cost file is the current figure (worked out from the file itself)."""
    want = pd.read_csv(csv_path, dtype={"org_code": str, "system_code": str})
    with store.reader(db) as con:
        got = con.execute(
            "select org_code, fiscal_year, system_code, item_key, basis, amount_yen "
            "from stg_cost_current where org_code in (select unnest(?))",
            [sorted(set(want["org_code"]))]).df()
    merged = want.merge(got, on=["org_code", "fiscal_year", "system_code", "item_key", "basis"],
                        how="left", suffixes=("_file", "_db"))
    return bool((merged["amount_yen_file"] == merged["amount_yen_db"]).all())


def org_codes(db: Path, pref_code: str) -> list[str]:
    with store.reader(db) as con:
        return [r[0] for r in con.execute(
            "select org_code from organization where pref_code = ?", [pref_code]).fetchall()]


def batch_count(db: Path) -> int:
    with store.reader(db) as con:
        return con.execute("select count(*) from batch").fetchone()[0]


# ---------------------------------------------------------------- (b) two imports at once
def test_second_import_is_refused_while_one_writes_then_applies(live, tmp_path):
    a, b = tmp_path / "a_pref35.csv", tmp_path / "b_pref13.csv"
    revision_csv(live, a, pref_code="35", fiscal_year=FY, factor=1.1)
    revision_csv(live, b, pref_code="13", fiscal_year=FY, factor=0.9)
    batches = batch_count(live)

    first = start_cli("import", "--db", live, a, env=TRACE)
    wait_phase(first, "locked")
    os.kill(first.pid, signal.SIGSTOP)          # hold the lock for as long as we like
    try:
        before = file_sha256(live)
        second = cli("import", "--db", live, b)
        assert second.returncode == 2, second.stdout + second.stderr
        assert BUSY in second.stderr and "try again" in second.stderr
        assert "Traceback" not in second.stderr
        assert file_sha256(live) == before      # the refused import wrote nothing
    finally:
        os.kill(first.pid, signal.SIGCONT)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err

    again = cli("import", "--db", live, b)      # "try again" works
    assert again.returncode == 0, again.stdout + again.stderr
    assert applied(live, a) and applied(live, b)
    assert batch_count(live) == batches + 2


def test_two_imports_started_together_are_serialised(live, tmp_path):
    files = [tmp_path / "a_pref35.csv", tmp_path / "b_pref13.csv"]
    revision_csv(live, files[0], pref_code="35", fiscal_year=FY, factor=1.2)
    revision_csv(live, files[1], pref_code="13", fiscal_year=FY, factor=0.8)
    batches = batch_count(live)
    procs = [start_cli("import", "--db", live, f) for f in files]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    refused = []
    for f, (rc, out, err) in zip(files, results):
        assert rc in (0, 2), out + err
        if rc == 2:
            assert BUSY in err and "Traceback" not in err
            refused.append(f)
    assert len(refused) < 2
    for f in refused:                           # the refused one, run again, applies
        r = cli("import", "--db", live, f)
        assert r.returncode == 0, r.stdout + r.stderr
    assert all(applied(live, f) for f in files)
    assert batch_count(live) == batches + 2
    print(f"two imports at once: {len(refused)} refused with the busy message, then applied")


# ---------------------------------------------------------------- (c) SIGKILL
def comparable_checksums(db: Path) -> dict:
    # batch.imported_at and meta's times differ between two runs of the same import
    sums = table_checksums(db)
    sums.pop("meta")
    sums.pop("batch")
    with store.reader(db) as con:
        sums["batch"] = con.execute(
            "select count(*), sum(hash(batch_id, kind, file_name, file_sha256, rows_new, "
            "rows_revised, rows_unchanged)::hugeint) from batch").fetchone()
    return sums


def test_sigkill_at_any_moment_leaves_the_database_as_before(live, tmp_path):
    rng = random.Random(int(os.environ.get("SANWARI_KILL_SEED", "7")))
    f = tmp_path / "three_prefs_fy2026.csv"
    orgs = [o for p in ("01", "20", "40") for o in org_codes(live, p)]   # ~320 organizations
    assert revision_csv(live, f, org_codes=orgs, fiscal_year=FY, factor=1.05) > 30_000

    # The uninterrupted import, on a copy: what "after" looks like, and how long it takes.
    reference = tmp_path / "reference.duckdb"
    shutil.copyfile(live, reference)
    proc = start_cli("import", "--db", reference, f, env=TRACE)
    t0 = time.time()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    duration = time.time() - t0
    marks = {ln.split()[1]: float(ln.split()[2]) for ln in err.splitlines()
             if ln.startswith("store-phase ")}
    length = {p: marks[n] - marks[p] for p, n in zip(PHASES, PHASES[1:])}
    after_sums = comparable_checksums(reference)
    after_summary = summary(reference, FY)

    backup = tmp_path / "before.duckdb"
    shutil.copyfile(live, backup)
    before_sha, before_ino = file_sha256(live), os.stat(live).st_ino
    before_sums = comparable_checksums(live)
    before_summary = summary(live, FY)
    assert before_summary != after_summary

    # Aim inside each phase, by the phase lengths of the uninterrupted run.
    trials = [(p, 0.0, 0.5 * length[p]) for p in ("copy", "copy", "write", "write",
                                                   "refresh", "refresh", "checkpoint")]
    trials += [("start", 0.0, duration), ("start", 0.0, duration)]
    landed = []
    for target, low, high in trials:
        proc = start_cli("import", "--db", live, f, env=TRACE)
        if target != "start":
            wait_phase(proc, target)
        time.sleep(rng.uniform(low, high))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        rest = proc.stderr.read()
        phases = [ln.split()[1] for ln in rest.splitlines() if ln.startswith("store-phase ")]
        last = phases[-1] if phases else (target if target != "start" else "-")
        orphans = sorted(p.name for p in live.parent.glob(f"{live.name}.tmp-*"))
        landed.append((target, last, proc.returncode, orphans))
        if proc.returncode == 0 or last in ("swap", "done"):
            # Killed after the swap (only the "start" trials can be that late): the import
            # is complete, the other allowed state. Put the old file back and go on.
            assert target == "start" and comparable_checksums(live) == after_sums, landed
            shutil.copyfile(backup, tmp_path / "restore.duckdb")
            os.replace(tmp_path / "restore.duckdb", live)
            before_ino = os.stat(live).st_ino
            continue
        assert proc.returncode == -signal.SIGKILL, (landed, rest[-3000:])
        assert file_sha256(live) == before_sha, (target, last)
        assert os.stat(live).st_ino == before_ino
        assert comparable_checksums(live) == before_sums
    print(f"phase lengths (s): { {p: round(v, 3) for p, v in length.items()} }")
    print("kills (aimed, last phase announced, rc, leftovers):", *landed, sep="\n  ")
    announced = {last for _, last, _, _ in landed}
    assert {"copy", "write", "refresh"} <= announced, landed

    assert summary(live, FY) == before_summary
    again = cli("import", "--db", live, f)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not list(live.parent.glob(f"{live.name}.tmp-*"))     # leftovers cleaned up
    assert comparable_checksums(live) == after_sums
    assert summary(live, FY) == after_summary


# ---------------------------------------------------------------- (d) readers during imports
def test_summary_readers_see_before_or_after_never_a_mix(live, tmp_path):
    files = []
    for i, (pref, factor) in enumerate((("35", 1.1), ("13", 0.9), ("27", 1.3))):
        files.append(tmp_path / f"{i}_pref{pref}.csv")
        revision_csv(live, files[-1], pref_code=pref, fiscal_year=FY, factor=factor)
    scopes = ("national", "pref:35")
    states = {s: [summary(live, FY, s)] for s in scopes}
    stop = tmp_path / "stop"
    readers = [start_reader_loop(live, FY, s, stop) for s in scopes for _ in range(2)]
    time.sleep(3)                                # let them read the "before" figures
    for f in files:
        r = cli("import", "--db", live, f)
        assert r.returncode == 0, r.stdout + r.stderr
        for s in scopes:
            states[s].append(summary(live, FY, s))
        time.sleep(1)
    stop.touch()
    national = states["national"]
    assert len({json.dumps(x, sort_keys=True) for x in national}) == len(national)   # distinct
    seen_states = set()
    reads = 0
    for reader, scope in zip(readers, [s for s in scopes for _ in range(2)]):
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0 and not err, err
        last = 0
        for line in out.splitlines():
            rec = json.loads(line)
            assert rec["rc"] == 0 and not rec["err"], rec
            got = json.loads(rec["out"])
            matches = [i for i, state in enumerate(states[scope]) if state == got]
            assert matches, f"{scope}: a figure set that is no state before/after an import"
            if scope == "national":              # and never back to an older state
                assert matches[0] >= last
                last = matches[0]
                seen_states.add(matches[0])
            reads += 1
    print(f"{reads} summaries read by 4 processes during {len(files)} imports; "
          f"national states seen: {sorted(seen_states)}")
    assert len(seen_states) >= 2, "the readers did not overlap the imports"
