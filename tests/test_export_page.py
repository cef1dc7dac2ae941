"""The 会議資料 page: every format for a national, a prefecture and an organization scope."""
from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.browser


def _page():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path.cwd()))
    from dashboard.ui import export
    export.render()


@pytest.fixture
def page(demo_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_DB", str(demo_db))
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    at = AppTest.from_function(_page, default_timeout=180)
    at.run()
    assert not at.exception
    return at


def _build(at: AppTest, kind: str, fmt: str, charts: list[str], pref: str | None = None,
           org: str | None = None):
    at.radio(key="export_kind").set_value(kind).run()
    if pref:
        at.selectbox(key="export_pref").set_value(pref).run()
    if org:
        at.selectbox(key="export_org").set_value(org).run()
    at.selectbox(key="qp_fy").set_value(2026).run()
    at.radio(key="export_format").set_value(fmt).run()
    at.multiselect(key=f"export_charts_{kind}").set_value(charts).run()
    at.button(key="export_build").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.get("download_button"), "no download button after the build"
    return at.session_state["export_result"]


def test_all_formats_for_three_scopes(page, tmp_path):
    at = page
    r = _build(at, "national", "xlsx", ["trajectory", "map"])
    assert r.file_name == "sanwari_national_2026.xlsx"
    assert load_workbook(io.BytesIO(r.data)).sheetnames[:5] == ["概要", "基準超過", "業務別", "要因別", "定義"]

    r = _build(at, "pref", "pdf", ["by_system"], pref="35")
    assert r.file_name == "sanwari_pref35_2026.pdf" and len(PdfReader(io.BytesIO(r.data)).pages) >= 4

    r = _build(at, "org", "pptx", ["trajectory"], pref="23", org="232033")     # 一宮市
    prs = Presentation(io.BytesIO(r.data))
    # title, the organization itself if over its baseline, the chart, definitions, data table
    # (20 systems + total on two slides of 11 rows)
    over = sum(s.shapes.title.text_frame.text.startswith("基準年度を上回る団体") for s in list(prs.slides)[1:])
    assert r.file_name == "sanwari_org232033_2026.pptx" and len(prs.slides) == 5 + over
    assert "一宮市" in " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)

    r = _build(at, "org", "png", ["trajectory", "by_system"], pref="23", org="232033")
    assert zipfile.ZipFile(io.BytesIO(r.data)).namelist()[:2] == [
        "01_trajectory_org232033_2026.png", "02_by_system_org232033_2026.png"]
    import json
    log = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [e["action"] for e in log] == ["export"] * 4
