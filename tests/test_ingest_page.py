"""データ取込 page: renders, shows history, rolls back; the upload flow through the functions it calls."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ingest import pipeline
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


def test_the_page_checks_refuses_and_imports_uploaded_files(page_db):
    """Through the page itself: a bad file is listed with its row and column and changes
    nothing; a good one is checked, imported after the confirm button, and shows up."""
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    bad = csv_bytes([HEAD, ["352013", "2018", "01", "sw_lease", "実績", "=1+1"]])
    at.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    assert any("2 件の問題があります" in e.value for e in at.error)     # wrong check digit, amount
    problems = at.dataframe[1].value
    assert problems["行 / row"].tolist() == [2, 2]
    assert "取り込む（確定） / Import (confirm)" not in [b.label for b in at.button]
    assert current_costs(page_db) == []                                  # nothing imported

    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    good = csv_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "7"]])
    at.file_uploader[0].set_value(("good.csv", good, "text/csv")).run()
    assert any("1 行を取り込めます" in i.value for i in at.info)
    assert current_costs(page_db) == []                                  # not before confirming
    next(b for b in at.button if b.label.startswith("取り込む")).click().run()
    assert not at.exception
    assert "batch 1" in at.success[0].value and "新規 1" in at.success[0].value
    assert [row[5] for row in current_costs(page_db)] == [7]
    assert pipeline.history(page_db).iloc[0]["imported_by"] == "test"
