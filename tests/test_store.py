"""The store's incremental mart refresh gives exactly the tables of a full rebuild.

store.writer() rebuilds only the organization-years a write touched (marts/scope_changed.sql).
After each of a series of real imports and a rollback, every mart is compared, row for
row, with the marts rebuilt from scratch from the same facts (marts/scope_all.sql).
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import store
from tests.concurrency_fixtures import MARTS, cli, revision_csv


def mart_differences(db: Path) -> dict[str, tuple[int, int]]:
    """Rows only in the live marts / only in a full rebuild, per mart (all zero if equal)."""
    work = db.with_name("rebuilt.duckdb")
    shutil.copyfile(db, work)
    con = duckdb.connect(str(work))
    try:
        for m in MARTS:
            con.execute(f"create table live_{m} as select * from {m}")
        con.execute("begin")
        store.refresh(con, full=True)
        con.execute("commit")
        return {m: tuple(con.execute(
            f"select (select count(*) from (select * from live_{m} except all select * from {m})),"
            f"       (select count(*) from (select * from {m} except all select * from live_{m}))"
        ).fetchone()) for m in MARTS}
    finally:
        con.close()
        work.unlink()


def write_rows(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def db(demo_db, tmp_path) -> Path:
    """The demo's figures for three prefectures: small enough that a full rebuild after
    every step stays quick, with the same shapes (bases, revisions, drivers, status)."""
    path = tmp_path / "live.duckdb"
    with store.writer(path, create=True) as con:
        con.execute("attach ? as demo (read_only)", [str(demo_db)])
        con.execute("insert into batch select * from demo.batch")
        for table in ("cost_fact", "driver_fact", "status_fact"):
            con.execute(f"insert into {table} select * from demo.{table} "
                        "where left(org_code, 2) in ('13', '32', '35')")
    return path


def test_incremental_refresh_equals_full_rebuild(db, tmp_path):
    zero = {m: (0, 0) for m in MARTS}
    with store.reader(db) as con:
        org13 = con.execute("select min(org_code) from organization where pref_code = '13' "
                            "and kind = '市'").fetchone()[0]
        driver_row = con.execute("select org_code, fiscal_year, system_code, driver_code, amount_yen "
                                 "from stg_driver_current where org_code = ? and fiscal_year = 2027 "
                                 "order by all limit 1", [org13]).fetchone()
        status_row = con.execute("select org_code, system_code, status from stg_status_current "
                                 "where org_code = ? order by all limit 1", [org13]).fetchone()

    steps = []
    # 1. a year of a prefecture's figures (the common case: one year, many organizations)
    f1 = tmp_path / "pref35_fy2026.csv"
    revision_csv(db, f1, pref_code="35", fiscal_year=2026, factor=1.1)
    steps.append(("import", f1))
    # 2. baselines: a changed FY2018 figure changes every year of its organization
    f2 = tmp_path / "baseline.csv"
    revision_csv(db, f2, org_codes=[org13, "352021"], fiscal_year=2018, factor=0.9)
    steps.append(("import", f2))
    # 3. a driver attribution and 4. a migration status
    org, fy, system, driver, amount = driver_row
    steps.append(("import", write_rows(tmp_path / "drivers.csv",
                                       ["org_code", "fiscal_year", "system", "driver", "amount_yen"],
                                       [[org, fy, system, driver, amount + 1_000_000]])))
    new_status = "migrating" if status_row[2] != "migrating" else "migrated"
    steps.append(("import", write_rows(tmp_path / "status.csv",
                                       ["org_code", "system", "status", "planned_fy"],
                                       [[status_row[0], status_row[1], new_status, 2027]])))
    # 5. rolling back the baseline batch restores the earlier baselines
    steps.append(("rollback", 3))

    for action, arg in steps:
        if action == "import":
            r = cli("import", "--db", db, arg)
        else:
            r = cli("rollback", "--db", db, "--batch", arg)
        assert r.returncode == 0, r.stdout + r.stderr
        assert mart_differences(db) == zero, f"after {action} {arg}"
