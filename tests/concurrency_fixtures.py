"""Helpers for the store, concurrency and stress tests: import files cut from a real
database, whole-database checksums, and `python -m dashboard` processes.

The import files revise figures that are already in the database (same keys, new
amounts), so an import changes the national and prefecture summaries in a way that
tells "before" from "after", and a full re-import of the same file changes nothing.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
MARTS = ("mart_pair_year", "mart_pair_item_year", "mart_driver_pair_year", "mart_org_year",
         "mart_org_item_year", "mart_org_driver_year", "mart_status", "mart_org_batch")


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    # A private in-memory instance: DuckDB caches instances per path inside a process.
    con = duckdb.connect(":memory:")
    con.execute("attach ? as db (read_only)", [str(db)])
    con.execute("use db")
    return con


def table_checksums(db: Path, tables: tuple[str, ...] | None = None) -> dict[str, tuple]:
    """Row count and an order-independent hash of every row, for every table (or those given)."""
    con = _connect(db)
    try:
        names = tables or tuple(r[0] for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'db' and table_type = 'BASE TABLE' order by 1").fetchall())
        return {t: con.execute(f'select count(*), sum(hash(t)::hugeint) from "{t}" as t').fetchone()
                for t in names}
    finally:
        con.close()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def revision_csv(db: Path, out: Path, *, pref_code: str | None = None,
                 org_codes: list[str] | None = None, fiscal_year: int, factor: float) -> int:
    """Write a cost file revising the current figures of one fiscal year (all bases) for a
    prefecture's organizations (or the given ones) by `factor`. Returns its row count."""
    con = _connect(db)
    try:
        rows = con.execute(
            """select c.org_code, c.fiscal_year, c.system_code, c.item_key, c.basis, c.amount_yen
               from stg_cost_current as c
               join organization as o using (org_code)
               where c.fiscal_year = $fy
                 and ($pref is null or o.pref_code = $pref)
                 and ($orgs is null or list_contains($orgs, c.org_code))
               order by all""",
            {"fy": fiscal_year, "pref": pref_code, "orgs": org_codes}).fetchall()
    finally:
        con.close()
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["org_code", "fiscal_year", "system_code", "item_key", "basis", "amount_yen"])
        for org, fy, system, item, basis, amount in rows:
            w.writerow([org, fy, system, item, basis, int(round(amount * factor / 1000)) * 1000])
    return len(rows)


def cli(*args, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, **kw)


def start_cli(*args, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dashboard", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def summary(db: Path, fy: int, scope: str = "national") -> dict:
    r = cli("summary", "--db", db, "--fy", fy, "--scope", scope, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


# A reader loop for another process: prints one JSON summary per line until the stop file
# appears (or fails loudly). Each iteration is a fresh `python -m dashboard summary`, the
# way an analyst or a cron job would run it.
READER_LOOP = r"""
import json, subprocess, sys, time
from pathlib import Path
db, fy, scope, stop = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
while not stop.exists():
    r = subprocess.run([sys.executable, "-m", "dashboard", "summary", "--db", db, "--fy", fy,
                        "--scope", scope, "--json"], capture_output=True, text=True)
    print(json.dumps({"rc": r.returncode, "out": r.stdout.strip(), "err": r.stderr.strip(),
                      "t": time.time()}), flush=True)
"""


def start_reader_loop(db: Path, fy: int, scope: str, stop: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", READER_LOOP, str(db), str(fy), scope, str(stop)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
