"""The cloud charts go into the council pack when the scope has cloud bills, and only then."""
from __future__ import annotations

import io

from openpyxl import load_workbook

import cloud_fixtures as cf
from dashboard import store
from dashboard.cloud import importer
from dashboard.export import pack
from dashboard.scope import Scope


def workbook_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None) + "\n" + " ".join(wb.sheetnames)


def test_pack_has_cloud_charts_only_with_bills(tmp_path):
    db = tmp_path / "c.duckdb"
    with store.writer(db, create=True):
        pass
    importer.import_paths(db, list(cf.scenario(tmp_path / "in").values()))
    with store.reader(db) as con:
        hakodate = pack.build(con, Scope("org", cf.HAKODATE), 2026, "xlsx", unit="sen")
        tottori = pack.build(con, Scope("org", "312011"), 2026, "xlsx", unit="sen")
    text = workbook_text(hakodate.data)
    assert "ガバメントクラウド利用料の月次推移" in text and "利用料の多いリソース" in text
    assert "108310" in text                       # ¥108,310 (the workbook is in yen), Hakodate's own share
    assert "ガバメントクラウド利用料の月次推移" not in workbook_text(tottori.data)
