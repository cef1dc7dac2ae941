"""The PDF handout: A4 landscape pages, embedded Japanese fonts, tables never cut off."""
from __future__ import annotations

import subprocess

import pytest
from pypdf import PdfReader

from export_fixtures import ORG, export, nfkc, summary

pytestmark = pytest.mark.browser
CHARTS = ("trajectory", "by_system", "peers")


@pytest.fixture(scope="module")
def handout(demo_db):
    return export(demo_db, ORG, "pdf", CHARTS)


def test_pages_are_a4_landscape(handout):
    reader = PdfReader(str(handout))
    # title + 3 charts + definitions + data table (≥ 1 page)
    assert len(reader.pages) >= 6
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 841.89) < 1 and abs(height - 595.28) < 1     # A4 in points


def test_japanese_font_embedded(handout):
    out = subprocess.run(["pdffonts", str(handout)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    japanese = [r for r in rows if "CJK" in r[0] or "IPAex" in r[0]]
    assert japanese, out
    # columns: name type... emb sub uni — every font embedded
    assert all("yes" in r[-5:-2] for r in rows), out


def test_text_has_all_rows_and_the_notice(handout, demo_db):
    text = nfkc(subprocess.run(["pdftotext", "-layout", str(handout), "-"], capture_output=True,
                               text=True, check=True).stdout)
    s = summary(demo_db, ORG)
    assert "下関市" in text and "用語の定義" in text and "架空のデモデータ" in text
    from dashboard import reference
    names = reference.load("system").set_index("system_code")["name_ja"]
    shown = [r["system"] for r in s["by_system"] if r["baseline_yen"] or r["current_yen"]]
    assert shown
    for code in shown:
        assert names[code] in text, names[code]
    assert "合計" in text
    assert f"{s['current_yen'] / 1_000_000:,.0f}" in text


def test_tables_paginate_with_header_repeated(demo_db, tmp_path):
    """A table longer than a page continues on the next page with its header row again."""
    from dashboard.export import pdf
    from dashboard.export.content import PackContent
    from dashboard.export.stamp import ExportMeta
    s = summary(demo_db, ORG)
    content = PackContent(ExportMeta("下関市", 2026), s, [])
    long_defs = [(f"用語{i}", "説明 " * 40) for i in range(40)]
    content.definitions = lambda: long_defs
    data = pdf.write(content)
    path = tmp_path / "long.pdf"
    path.write_bytes(data)
    text = nfkc(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                               text=True, check=True).stdout)
    import re
    pages = [p for p in text.split("\f") if re.search(r"用語\d+", p)]
    assert len(pages) >= 2                                   # the table did not fit on one page
    for page in pages:                                       # each page repeats the header row
        assert re.search(r"^\s*用語\s+定義\s*$", page, re.M), page[:300]
    for i in range(40):                                      # and no row was lost
        assert re.search(rf"用語{i}\b", text)
