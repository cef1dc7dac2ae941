"""Revisions, batches, history and rollback: nothing lost, earlier values restored exactly."""
from __future__ import annotations

import hashlib

from dashboard.ingest import pipeline
from ingest_fixtures import csv_bytes, current_costs, new_db

HEAD = ["団体コード", "年度", "業務", "費目", "区分", "金額"]


def costs(*amounts):
    """A file with three figures of 下関市 FY2018 actuals for 住民基本台帳."""
    items = ["sw_lease", "sw_maint", "hw_lease"]
    return csv_bytes([HEAD] + [["352012", "2018", "01", i, "実績", str(a)] for i, a in zip(items, amounts)])


def test_revisions_history_and_rollback(tmp_path, cli):
    db = new_db(tmp_path / "t.duckdb")
    first, second, third = costs(100, 200, 300), costs(100, 250, 300), costs(100, 250, 999)
    r1 = pipeline.import_files(db, [("first.csv", first)], user="yamada")
    assert (r1.batches[0].rows_new, r1.batches[0].rows_revised, r1.batches[0].rows_unchanged) == (3, 0, 0)
    r2 = pipeline.import_files(db, [("second.csv", second)])
    assert (r2.batches[0].rows_new, r2.batches[0].rows_revised, r2.batches[0].rows_unchanged) == (0, 1, 2)
    r3 = pipeline.import_files(db, [("third.csv", third)], user="sato")
    assert (r3.batches[0].rows_new, r3.batches[0].rows_revised, r3.batches[0].rows_unchanged) == (0, 1, 2)
    after_all = [("352012", 2018, "01", "hw_lease", "actual", 999), ("352012", 2018, "01", "sw_lease", "actual", 100),
                 ("352012", 2018, "01", "sw_maint", "actual", 250)]
    assert current_costs(db) == after_all

    # The same value again creates no revision.
    r4 = pipeline.import_files(db, [("again.csv", third)])
    assert (r4.batches[0].rows_new, r4.batches[0].rows_revised, r4.batches[0].rows_unchanged) == (0, 0, 3)

    hist = pipeline.history(db)
    assert hist["batch_id"].tolist() == [4, 3, 2, 1]
    assert hist["file_name"].tolist() == ["again.csv", "third.csv", "second.csv", "first.csv"]
    assert hist.iloc[3]["file_sha256"] == hashlib.sha256(first).hexdigest()
    assert hist.iloc[3]["imported_by"] == "yamada" and hist.iloc[3]["imported_at"] is not None
    printed = cli("history", "--db", db)
    assert printed.returncode == 0 and "third.csv" in printed.stdout and "sato" in printed.stdout

    # Rolling back batch 2 while batch 3 stands: 3's revision of hw_lease stays, sw_maint
    # (revised by 2 only) returns to batch 1's value.
    result = cli("rollback", "--db", db, "--batch", "2")
    assert result.returncode == 0, result.stderr
    assert current_costs(db) == [after_all[0], after_all[1], ("352012", 2018, "01", "sw_maint", "actual", 200)]
    pipeline.rollback(db, 3)
    assert current_costs(db) == [("352012", 2018, "01", "hw_lease", "actual", 300),
                                 ("352012", 2018, "01", "sw_lease", "actual", 100),
                                 ("352012", 2018, "01", "sw_maint", "actual", 200)]
    # Every revision is still stored (nothing lost).
    from dashboard import store
    with store.reader(db) as con:
        assert con.execute("select count(*) from cost_fact").fetchone()[0] == 5
    again = cli("rollback", "--db", db, "--batch", "3")
    assert again.returncode != 0 and "Traceback" not in again.stderr


def test_rollback_of_a_first_import_removes_its_figures(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    pipeline.import_files(db, [("a.csv", costs(1, 2, 3))])
    pipeline.rollback(db, 1)
    assert current_costs(db) == []
