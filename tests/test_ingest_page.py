"""データ取込 page: renders, shows history, rolls back; the upload flow through the functions it calls."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ingest import errors, pipeline
from ingest_fixtures import csv_bytes, current_costs, new_db

SCRIPT = ("from dashboard import accounts, session\nfrom dashboard.ui import data_import\n"
          "from dashboard.scope import Scope\n"   # a national importer (the page refuses anonymous users)
          "with session.acting_as(accounts.User('test', 'local', Scope(), True)):\n"
          "    data_import.render()\n")
HEAD = ["団体コード", "年度", "業務", "費目", "区分", "金額"]


@pytest.fixture
def page_db(tmp_path, monkeypatch):
    db = new_db(tmp_path / "page.duckdb")
    monkeypatch.setenv("SANWARI_DB", str(db))
    return db


def test_page_renders_history_and_rolls_back(page_db):
    pipeline.import_files(page_db, [("first.csv", csv_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "100"]]))])
    pipeline.import_files(page_db, [("second.csv", csv_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "150"]]))])
    assert current_costs(page_db)[0][5] == 150
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value.startswith("データ取込")
    history = at.dataframe[0].value
    assert history.iloc[:, 0].tolist() == [2, 1] and history.iloc[0, 2] == "second.csv"
    at.button(key="rollback_2").click().run()
    assert not at.exception and current_costs(page_db)[0][5] == 150    # asks first
    at.button(key="confirm_2").click().run()
    assert not at.exception
    assert "batch 2 rolled back" in at.success[0].value
    assert current_costs(page_db)[0][5] == 100
    assert at.dataframe[0].value.iloc[0, 8].startswith("取消済")
    assert "rollback_2" not in [b.key for b in at.button]


def test_page_on_an_empty_database(page_db):
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    assert not at.exception
    assert any("取込履歴はありません" in i.value for i in at.info)


def test_upload_flow_functions(page_db):
    """What the page does with uploaded files: check with progress, table, CSV, then import."""
    steps = []
    bad = ("bad.csv", csv_bytes([HEAD, ["352013", "2018", "01", "sw_lease", "実績", "=1+1"]]))
    checks = pipeline.check_files([bad], progress=lambda f, m: steps.append(f))
    assert steps and steps[-1] == 1.0 and all(0 <= s <= 1 for s in steps)
    table = pipeline.files_frame(checks)
    assert table.iloc[0, 3] == 2 and table.iloc[0, 4].startswith("取込不可")
    problems = errors.problems_frame(checks[0].problems)
    assert problems["行 / row"].tolist() == [2, 2]
    csv = errors.problems_csv(checks[0].problems).decode("utf-8-sig")
    assert "'=1+1" in csv and "352012" in csv          # formula neutralised; hint kept
    ok = [("good.csv", csv_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "7"]]))]
    checks = pipeline.check_files(ok)
    assert pipeline.files_frame(checks).iloc[0, 4] == "OK"
    report = pipeline.import_files(page_db, ok, checks=checks, user="page")
    assert report.ok and report.batches[0].rows_new == 1
    assert pipeline.history(page_db).iloc[0]["imported_by"] == "page"
