"""Hostile office files for the import caps (finding 2), shared by the tests and the benchmark.

Made by hand with zipfile, as an attacker would: openpyxl cannot write a lying dimension.
"""
from __future__ import annotations

import io
import zipfile

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
HEADER = ("団体コード", "年度", "業務", "費目", "区分", "金額")


def _cell(ref: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _row(number: int, values) -> str:
    cells = "".join(_cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def workbook(rows, dimension: str | None) -> bytes:
    """An XLSX whose first sheet holds `rows` (an iterable of value lists) and declares
    `dimension` (None: no <dimension> element)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(HEAD.encode())
            if dimension:
                f.write(f'<dimension ref="{dimension}"/>'.encode())
            f.write(b"<sheetData>")
            batch = []
            for number, values in enumerate(rows, start=1):
                batch.append(_row(number, values))
                if len(batch) == 10_000:
                    f.write("".join(batch).encode())
                    batch = []
            f.write("".join(batch).encode())
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def declared_bomb() -> bytes:
    """A few-KB workbook declaring A1:XFD1048576 (17 billion cells)."""
    data = [["352012", 2026, "01", "sw_lease", "estimate", 1000 + i] for i in range(40)]
    return workbook([list(HEADER)] + data, "A1:XFD1048576")


def row_bomb(rows: int = 3_000_000) -> bytes:
    """A zip of under 1 MB with `rows` identical rows of one cell each (no row numbers, which
    Excel's format allows), declaring only A1:A1."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(HEAD.encode() + b'<dimension ref="A1:A1"/><sheetData>')
            block = b"<row><c><v>1</v></c></row>" * 100_000
            for _ in range(rows // 100_000):
                f.write(block)
            f.write(b"<row><c><v>1</v></c></row>" * (rows % 100_000))
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def lying_dimension(rows: int = 10) -> bytes:
    """A valid cost sheet of `rows` data rows that declares only its first 2 data rows."""
    data = [["352012", 2026, "01", "sw_lease", "estimate", 1000 + i] for i in range(rows)]
    return workbook([list(HEADER)] + data, "A1:F3")
