"""One sign convention everywhere: a change against FY2018 is signed (+ increase, − decrease),
and no page, slide, PDF page or sheet ever prints a negative 削減率 / "reduction rate".

The demo's FY2026 is far above its baseline, so a negative reduction rate would appear if any
surface still printed one. The scan works on the text a reader sees: every AppTest element of
every page in both languages, every slide's shapes, the PDF's extracted text, every sheet cell.
"""
from __future__ import annotations

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from export_fixtures import FY, PREF, nfkc
from tests.conftest import ROOT

RATE_WORDS = re.compile(r"削減率|reduction(\s+rate)?\b", re.IGNORECASE)
NEGATIVE = re.compile(r"(?<![0-9A-Za-z])[-−▲△]\s*\d")


def negative_reduction(chunks) -> list[str]:
    """Text chunks (a cell, a line, a metric) that name a reduction rate next to a negative number."""
    return [c for c in chunks if RATE_WORDS.search(c) and NEGATIVE.search(c)]


def test_the_scan_can_fail():
    assert negative_reduction(["削減率 −141.6%", "Reduction -1.8161"]) == ["削減率 −141.6%", "Reduction -1.8161"]
    assert negative_reduction(["基準年度比 +230.5%（増）", "目標 基準年度比 −30%（3割削減）"]) == []


PAGES = [(None, {}), ("ui/prefecture.py", {"pref": "35"}), ("ui/organization.py", {"org": "352012"}),
         ("ui/factors.py", {"pref": "35"})]


def _page_text(at: AppTest) -> list[str]:
    chunks = []
    for m in at.metric:
        chunks.append(f"{m.label} {m.value} {m.proto.delta}")
    for kind in ("markdown", "caption", "title", "subheader", "info", "warning", "header"):
        chunks += [e.value for e in getattr(at, kind)]
    for frame in at.dataframe:
        df = frame.value
        for column in df.columns:
            values = df[column].astype(str).tolist()
            chunks += [f"{column} {v}" for v in values]
    return chunks


@pytest.mark.parametrize("lang", ("ja", "en"))
@pytest.mark.parametrize("page,params", PAGES)
def test_no_page_prints_a_negative_reduction_rate(demo_db, monkeypatch, page, params, lang):
    monkeypatch.setenv("SANWARI_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=180)
    at.run()
    if page:
        at.switch_page(page)
    for k, v in {**params, "lang": lang, "fy": str(FY)}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    chunks = _page_text(at)
    assert len(chunks) > 10            # the page rendered (tables open lazily since the views got lighter)
    assert negative_reduction(chunks) == []
    if page != "ui/factors.py":
        # the KPI card states the change with its word, e.g. +230.5%（増）
        assert re.search(r"^\+\d+\.\d%(（増）| \(increase\))$", at.metric[2].value), at.metric[2].value


@pytest.fixture(scope="module")
def packs(demo_db):
    from dashboard import store
    from dashboard.export import pack
    from dashboard.scope import Scope
    out = {}
    with store.reader(demo_db) as con:
        for fmt in ("pptx", "pdf", "xlsx"):
            out[fmt] = pack.build(con, Scope.parse(PREF), FY, fmt, keys=["trajectory", "by_system"]).data
    return out


@pytest.mark.browser
def test_no_slide_prints_a_negative_reduction_rate(packs):
    prs = Presentation(io.BytesIO(packs["pptx"]))
    chunks = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                chunks += [p.text for p in shape.text_frame.paragraphs]
            if shape.has_table:
                for row in shape.table.rows:
                    chunks.append(" ".join(c.text for c in row.cells))
        if slide.has_notes_slide:
            chunks += slide.notes_slide.notes_text_frame.text.splitlines()
    assert any("基準年度比 +" in c for c in chunks)
    assert negative_reduction(chunks) == []


@pytest.mark.browser
def test_no_pdf_page_prints_a_negative_reduction_rate(packs, tmp_path):
    path = tmp_path / "pack.pdf"
    path.write_bytes(packs["pdf"])
    text = nfkc(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout)
    lines = text.splitlines()
    assert any("基準年度比 +" in line for line in lines)
    assert negative_reduction(lines) == []


def test_no_sheet_prints_a_negative_reduction_rate(packs):
    wb = load_workbook(io.BytesIO(packs["xlsx"]))
    chunks = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        for row in rows:
            chunks.append(" ".join("" if v is None else str(v) for v in row))
        # a column headed 削減率 holding a negative number is the same mistake in numbers
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and RATE_WORDS.search(value):
                    below = [x[c] for x in rows[r + 1:] if c < len(x) and isinstance(x[c], (int, float))]
                    assert not any(v < 0 for v in below), (ws.title, value)
    assert negative_reduction(chunks) == []


def test_summary_text_states_the_change_and_json_keeps_its_fields(demo_db, cli):
    import json
    text = cli("summary", "--db", demo_db, "--fy", FY, "--scope", PREF, check=True).stdout
    assert "vs FY2018 (increase)" in text and negative_reduction([text]) == []
    data = json.loads(cli("summary", "--db", demo_db, "--fy", FY, "--scope", PREF, "--json", check=True).stdout)
    assert {"reduction_rate", "target_rate", "gap_to_target_yen", "baseline_yen", "current_yen"} <= set(data)
    assert data["reduction_rate"] < 0          # the JSON field keeps its definition (1 − current/baseline)
