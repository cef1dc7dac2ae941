"""The データ取込 page takes cloud files too (FOCUS bills, account map, fx rates) and hands them
to the cloud import code: problems named with file, row and column, nothing written; clean
files imported after the confirm button, with the totals worked out in tests/cloud_fixtures.py."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import cloud_fixtures as cf
from dashboard import store
from dashboard.cloud import importer, lake

SCRIPT = ("from dashboard import accounts, session\nfrom dashboard.ui import data_import\n"
          "from dashboard.scope import Scope\n"
          "with session.acting_as(accounts.User('test', 'local', {scope}, True)):\n"
          "    data_import.render()\n")
NATIONAL = SCRIPT.format(scope="Scope()")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "page.duckdb"
    with store.writer(path, create=True):
        pass
    monkeypatch.setenv("SANWARI_DB", str(path))
    return path


def upload(at, *paths):
    mime = {".parquet": "application/octet-stream", ".gz": "application/gzip", ".csv": "text/csv"}
    files = [(p.name, p.read_bytes(), mime[p.suffix]) for p in paths]
    return at.file_uploader[0].set_value(files).run()


def billed_yen(db, org, month):
    with store.reader(db) as con:
        return con.execute("select sum(billed_yen) from cloud_alloc where org_code = ? and month = ?",
                           [org, month]).fetchone()[0]


def test_bad_focus_file_is_named_and_nothing_is_written(db, tmp_path):
    files = cf.scenario(tmp_path / "in")
    rows = cf.azure_rows()
    rows[2]["BillingCurrency"] = "YEN"            # the third data row: line 4 of the CSV
    bad = cf.write(tmp_path / "azure_bad.csv", "1.2", rows)
    at = upload(AppTest.from_string(NATIONAL, default_timeout=120).run(), files["map"], files["fx"], bad)
    assert not at.exception
    assert any("1 件の問題があります" in e.value for e in at.error)
    problems = at.dataframe[1].value
    assert problems.iloc[0].tolist()[:3] == ["azure_bad.csv", 4, "BillingCurrency"]
    assert "取り込む（確定） / Import (confirm)" not in [b.label for b in at.button]
    assert importer.history(db).empty and not lake.root(db).exists()


def test_clean_files_are_imported_after_confirming(db, tmp_path):
    files = cf.scenario(tmp_path / "in")
    at = upload(AppTest.from_string(NATIONAL, default_timeout=120).run(), *files.values())
    assert not at.exception
    kinds = at.dataframe[0].value.iloc[:, 1].tolist()
    assert kinds == ["account_map", "fx", "focus", "focus", "focus"]
    assert any("問題はありません" in i.value for i in at.info)
    assert importer.history(db).empty                          # not before confirming
    next(b for b in at.button if b.label.startswith("取り込む")).click().run()
    assert not at.exception
    assert "aws_focus_1_0.csv.gz: focus FOCUS 1.0, 3 行 / rows, import 1" in at.success[0].value
    history = importer.history(db)
    assert sorted(set(history["file_name"])) == ["aws_focus_1_0.csv.gz", "azure_focuscost_1_2.csv",
                                                 "gcp_focus_1_3.parquet"]
    assert set(history["imported_by"]) == {"test"}
    # Hakodate in April 2026: 107,495 (population) + 33 (equal) + 750 (tag) + 32 (population)
    assert billed_yen(db, "012025", "2026-04") == 107_495 + 33 + 750 + 32


def test_an_organization_importer_cannot_import_cloud_files(db, tmp_path):
    files = cf.scenario(tmp_path / "in")
    script = SCRIPT.format(scope="Scope('org', '011002')")
    at = upload(AppTest.from_string(script, default_timeout=120).run(), files["map"])
    assert not at.exception
    assert any("全国の取込権限" in e.value for e in at.error)
    assert importer.history(db).empty
