"""Accessible council packs: the files themselves, opened with independent tools.

- PPTX: every picture has alt text, and it is the chart's reading (python-pptx reads it back
  from the XML).
- PDF: `pdffonts` lists only embedded fonts (real text, nothing drawn as images); pypdf finds
  the document language, the title (shown instead of the file name), a tagged structure tree
  (/MarkInfo /Marked, /StructTreeRoot with one /Figure per chart whose /Alt is the chart's
  title and reading), and a bookmark per page; `pdftotext` finds the readings as text.
- XLSX: no merged cells anywhere, and every data table starts with a bold header row that
  names its columns.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest

from tests import access_fixtures as F

KEYS = ["trajectory", "by_system", "migration"]


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """{format: (PackResult, [chart specs])} for 山口県 FY2026, three charts, ja."""
    from dashboard import store
    from dashboard.export import pack, render
    from dashboard.scope import Scope
    db = F.build(tmp_path_factory.mktemp("a11y_exports") / "demo.duckdb")
    scope = Scope("pref", "35")
    out = {}
    with store.reader(db) as con:
        specs = pack.chart_specs(con, scope, 2026, "ja", "hyakuman", KEYS)
        formats = ["xlsx"] + (["pptx", "pdf"] if render.can_export() else [])
        for fmt in formats:
            out[fmt] = pack.build(con, scope, 2026, fmt, keys=KEYS)
    out["specs"] = specs
    return out


def _need(packs, fmt):
    if fmt not in packs:
        pytest.skip("no Chromium or Japanese font for rendering (make setup installs them)")
    return packs[fmt]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_every_pptx_picture_has_the_charts_reading_as_alt_text(packs):
    """Every chart in the slides, picture or native PowerPoint chart, has its reading as alt text."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    result = _need(packs, "pptx")
    prs = Presentation(io.BytesIO(result.data))
    charts = [shape for slide in prs.slides for shape in slide.shapes
              if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or getattr(shape, "has_chart", False)]
    assert len(charts) == len(KEYS)
    readings = [s.reading for s in packs["specs"]]
    for chart, spec, reading in zip(charts, packs["specs"], readings):
        element = chart._element
        holder = element.nvPicPr if hasattr(element, "nvPicPr") else element.nvGraphicFramePr
        c_nv_pr = holder.cNvPr
        descr = c_nv_pr.get("descr") or ""
        assert descr.strip(), f"chart {chart.name} has no alt text"
        assert reading in descr, (descr, reading)        # the chart's own reading sentence
        assert c_nv_pr.get("title") == spec.title


def test_pdf_is_tagged_with_language_title_bookmarks_and_real_text(packs, tmp_path):
    from pypdf import PdfReader
    result = _need(packs, "pdf")
    path = tmp_path / "pack.pdf"
    path.write_bytes(result.data)
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ja"
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    title = reader.metadata.title
    assert title and "山口県" in title

    # the structure tree: one /Figure per chart, its /Alt the chart's title and reading
    figures = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list) or type(node).__name__ == "ArrayObject":
            for kid in node:
                walk(kid)
            return
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        if "/K" in node:
            walk(node["/K"])
    walk(root["/StructTreeRoot"])
    assert len(figures) == len(KEYS)
    for spec, alt in zip(packs["specs"], figures):
        assert alt.startswith(spec.title) and spec.reading in alt, alt

    # bookmarks: the title page, then every chart page, the definitions and the table
    outline = reader.outline
    flat = []
    for item in outline:
        flat += item if isinstance(item, list) else [item]
    names = [o.title for o in flat]
    assert names[0] == title.split(" — ")[0]             # the title page's own heading
    assert [s.title for s in packs["specs"]] == names[1:1 + len(KEYS)]
    assert "用語の定義" in names and "データ表（業務別）" in names

    # text is real text: every font embedded, the readings found by pdftotext
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines, "the PDF has fonts (text, not pictures of text)"
        assert all(line.split()[-5] == "yes" for line in lines), lines      # the emb column
    if shutil.which("pdftotext"):
        text = _nfkc(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                                    text=True, check=True).stdout).replace(" ", "").replace("\n", "")
        for spec in packs["specs"]:      # each chart page's reading is text, not part of the image
            assert _nfkc(spec.reading).replace(" ", "") in text, spec.reading


def test_xlsx_has_no_merged_cells_and_header_rows(packs):
    from openpyxl import load_workbook
    result = packs["xlsx"]
    wb = load_workbook(io.BytesIO(result.data))
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges, f"{ws.title}: merged cells {ws.merged_cells.ranges}"
    # each chart's table, in the workbook's one unit (yen; rates as fractions): a bold header
    # row equal to the table's column names, then the rows
    from dashboard.export.xlsx import in_yen
    for spec in packs["specs"]:
        columns = [str(c) for c in in_yen(spec.table).columns]
        found = False
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                values = [c.value for c in row[:len(columns)]]
                if values == columns:
                    assert all(c.font.bold for c in row[:len(columns)]), f"{ws.title}: header not bold"
                    below = [c.value for c in ws[row[0].row + 1][:len(columns)]]
                    assert any(v is not None for v in below), f"{ws.title}: no data under the header"
                    found = True
                    break
            if found:
                break
        assert found, f"no sheet has the header row of {spec.key}: {columns}"
