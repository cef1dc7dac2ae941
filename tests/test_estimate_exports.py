"""The review workbook and the one-page PDF: every string that goes back into a workbook is
neutralised (formula injection), and the PDF is one page with the Japanese font embedded."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from openpyxl import Workbook, load_workbook

from dashboard.estimate import pdf, review, workbook
from dashboard.sanitize import TRIGGERS
from estimate_fixtures import BASE, messy_xlsx


def _hostile() -> bytes:
    """An estimate whose every text cell a vendor (or anyone) could have typed starts like a formula."""
    book = Workbook()
    ws = book.active
    ws.title = "=見積"
    ws.append(["@title: 御見積書"])
    ws.append(["業務", "項目", "単価", "数量", "単位", "期間", "金額", "環境", "備考"])
    ws.append(["+住基", "=セクション", None, None, None, None, None, None, None])
    ws.append(["-介護", "=HYPERLINK(\"http://evil\",\"パッケージ利用料\")", 1000, 1, "@月", "60", 60000, "本番",
               "+cmd|' /C calc'!A0"])
    ws.append(["共通", "@SUM(1+1) 運用支援", None, 1, "-式", "60", "別途"])
    ws.append(["共通", "\tタブ始まり クラウド利用料", None, 1, "式", "60", 6_000_000, None, "=毎年3%の価格改定"])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"        # stored as text, as a vendor's typed '=… is
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_every_string_written_back_is_neutralised():
    result = review.review("=evil.xlsx", _hostile(), "352012")
    assert result.flags, "the hostile estimate should raise flags whose messages quote vendor text"
    book = load_workbook(io.BytesIO(workbook.review_xlsx(result)))
    strings = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    strings += 1
                    assert not cell.value.startswith(TRIGGERS), f"{ws.title}!{cell.coordinate}: {cell.value!r}"
    assert strings > 100
    lines = book["見積明細"]
    texts = [c.value for row in lines.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert "'=見積" in texts and "'+住基" in texts and "'=セクション" in texts
    assert any(t.startswith("'=HYPERLINK") for t in texts) and "'+cmd|' /C calc'!A0" in texts
    assert book["前提"]["B1"].value == "'=evil.xlsx"


def test_one_page_pdf_with_the_japanese_font(tmp_path):
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils not installed (make setup installs it)")
    result = review.review("messy.xlsx", messy_xlsx(BASE), "352012")
    body = pdf.summary_pdf(result, demo=True)
    path = str(tmp_path / "summary.pdf")
    with open(path, "wb") as f:
        f.write(body)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True).stdout
    assert "CJK" in fonts or "IPAex" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])   # every font embedded
    text = unicodedata.normalize("NFKC", subprocess.run(["pdftotext", path, "-"], capture_output=True,
                                                        text=True).stdout)
    # annual total by hand: 70,500,000 yen of recurring 60-month lines (tax-exclusive) × 1.1 ÷ 5
    assert "15,510 千円" in text.replace("\n", " ")
    assert "指摘 8 件" in text and "架空のデモデータ" in text
