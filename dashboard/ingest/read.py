"""Reading an office file into a table of strings, with the spreadsheet row of every line.

Accepted (docs/import-format.md): CSV in UTF-8 (with or without BOM) or CP932/Shift_JIS,
detected from the bytes; XLSX (first sheet). Title rows and blank rows may stand above
the header row, which is found as the first row naming at least two known columns.
Every value stays a string here; normalise.py gives it meaning. Row numbers are the
ones the clerk sees in Excel (header row = its real row), so errors can point at them.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from dashboard.ingest import bounds, normalise
from dashboard.ingest.errors import ImportProblem

HEADER_SEARCH_ROWS = 30      # title rows allowed above the header
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"   # legacy .xls (and other old Office files)


@dataclass
class RawTable:
    columns: list[str]                      # header cells as written (trimmed)
    frame: pd.DataFrame                     # all values as str, "" for empty; columns positional
    row_numbers: pd.Series                  # spreadsheet row of each frame row
    header_row: int
    problems: list[ImportProblem] = field(default_factory=list)


def _problem(name, ja, en, hint=None, row=None, value=None):
    return ImportProblem(name, row, None, value, ja, en, hint)


def read_table(name: str, content: bytes) -> tuple[RawTable | None, list[ImportProblem]]:
    """The file as a RawTable, or the problems that prevent reading it (a cap first of all)."""
    try:
        return _read_table(name, content)
    except bounds.CapExceeded as exc:
        return None, [_problem(name, f"ファイルが大きすぎます：{exc.ja}", f"the file is too large: {exc.en}",
                               "ファイルを分けて取り込んでください / split the file and import the parts")]


def _read_table(name: str, content: bytes) -> tuple[RawTable | None, list[ImportProblem]]:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = content[:8]
    if not content.strip(b" \t\r\n\xef\xbb\xbf"):
        return None, [_problem(name, "ファイルが空です", "the file is empty")]
    if ext in ("xlsx", "xlsm"):
        if head.startswith(OLE_MAGIC):
            return None, [_problem(name, "旧形式のExcelファイル(.xls)です。拡張子は.xlsxですが中身が違います",
                                   "this is a legacy .xls workbook, not .xlsx",
                                   "Excelで「Excel ブック (*.xlsx)」として保存し直してください / save as .xlsx")]
        if not head.startswith(ZIP_MAGIC):
            return None, [_problem(name, "拡張子は.xlsxですが、Excelファイルではありません",
                                   "the name says .xlsx but the file is not an Excel workbook",
                                   "CSVなら拡張子を.csvにしてください / if it is CSV, name it .csv")]
        return _read_xlsx(name, content)
    if ext in ("csv", "txt"):
        if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
            return None, [_problem(name, "拡張子は.csvですが、中身はExcelなどのバイナリファイルです",
                                   "the name says .csv but the file is a binary (Excel?) file",
                                   "Excelファイルなら拡張子を.xlsxにしてください / if it is a workbook, name it .xlsx")]
        return _read_csv(name, content)
    if ext == "xls":
        return None, [_problem(name, "旧形式の.xlsには対応していません", ".xls (Excel 97-2003) is not supported",
                               "Excelで.xlsxとして保存し直してください / save it as .xlsx")]
    return None, [_problem(name, "対応していないファイル形式です（.csv または .xlsx）",
                           "unsupported file type (use .csv or .xlsx)")]


# ---------------------------------------------------------------- CSV
def decode(content: bytes) -> tuple[str | None, str | None]:
    """(text, encoding name): UTF-8 with/without BOM first, then CP932."""
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            return None, None
    for enc, label in (("utf-8", "UTF-8"), ("cp932", "CP932")):
        try:
            return content.decode(enc), label
        except UnicodeDecodeError:
            continue
    return None, None


def _read_csv(name: str, content: bytes):
    bounds.check_csv(content)
    text, _ = decode(content)
    if text is None or "\x00" in text:
        return None, [_problem(name, "文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）",
                               "cannot detect the text encoding (save as UTF-8 or Shift_JIS/CP932)")]
    # Find the header among the first lines (title rows may precede it).
    lines = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    probe = list(csv.reader(line.rstrip("\r") for line in lines))
    header_idx = _find_header([[c for c in r] for r in probe])
    if header_idx is None:
        return None, [_header_missing(name, probe)]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, header=None,
                            skiprows=header_idx, skip_blank_lines=False, engine="c",
                            on_bad_lines="error")
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        return None, [_problem(name, "CSVの形式が壊れています（列の数が行によって違う等）",
                               f"malformed CSV ({str(exc).splitlines()[0][:160]})")]
    if frame.shape[1] > bounds.MAX_COLUMNS:
        raise bounds.columns_cap(frame.shape[1])
    header = [normalise.trim(c) for c in frame.iloc[0].tolist()]
    body = frame.iloc[1:].reset_index(drop=True)
    rows = pd.Series(range(header_idx + 2, header_idx + 2 + len(body)), dtype="int64")
    return _finish(name, header, body, rows, header_idx + 1)


# ---------------------------------------------------------------- XLSX
def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _read_xlsx(name: str, content: bytes):
    import zipfile

    from openpyxl import load_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            bounds.check_zip(zf)               # before openpyxl inflates anything
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError) as exc:
        if isinstance(exc, bounds.CapExceeded):
            raise
        return None, [_problem(name, "Excelファイルを開けません（壊れているか、.xlsx形式ではありません）",
                               f"cannot open the workbook ({type(exc).__name__})")]
    try:
        ws = wb.worksheets[0]
        bounds.check_declared(ws.max_row, ws.max_column)
        # Then forget the declared dimension: read every row the sheet really has (a wrong,
        # too small dimension used to drop the rows below it without a word).
        ws.reset_dimensions()
        rows = _bounded_rows(ws)
    except bounds.CapExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged workbook can fail anywhere inside openpyxl
        return None, [_problem(name, "Excelファイルの読み取り中にエラーが発生しました",
                               f"the workbook could not be read ({type(exc).__name__})")]
    finally:
        wb.close()
    if not any(any(c.strip() for c in r) for r in rows):
        return None, [_problem(name, "最初のシートが空です", "the first sheet is empty")]
    header_idx = _find_header(rows[:HEADER_SEARCH_ROWS])
    if header_idx is None:
        return None, [_header_missing(name, rows[:HEADER_SEARCH_ROWS])]
    width = max(len(r) for r in rows)
    padded = [r + [""] * (width - len(r)) for r in rows[header_idx:]]
    header = [normalise.trim(c) for c in padded[0]]
    body = pd.DataFrame(padded[1:], columns=range(width), dtype="str") if len(padded) > 1 \
        else pd.DataFrame(columns=range(width), dtype="str")
    row_numbers = pd.Series(range(header_idx + 2, header_idx + 2 + len(body)), dtype="int64")
    return _finish(name, header, body, row_numbers, header_idx + 1)


def _bounded_rows(ws) -> list[list[str]]:
    rows: list[list[str]] = []
    cells = 0
    for r in ws.iter_rows(values_only=True):
        if len(r) > bounds.MAX_COLUMNS:
            raise bounds.columns_cap(len(r))
        cells += len(r)
        if cells > bounds.MAX_CELLS:
            raise bounds.cells_cap(cells)
        if len(rows) >= bounds.MAX_ROWS + HEADER_SEARCH_ROWS:
            raise bounds.rows_cap(len(rows) + 1)
        rows.append([_cell_text(v) for v in r])
    return rows


# ---------------------------------------------------------------- shared
def _find_header(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows):
        if sum(normalise.header_field(c)[0] is not None for c in row) >= 2:
            return i
    return None


def _header_missing(name, rows) -> ImportProblem:
    first = next((",".join(c for c in r if c.strip()) for r in rows if any(c.strip() for c in r)), "")
    return ImportProblem(name, None, None, first[:120] or None,
                         "見出し行が見つかりません（団体コード・年度・業務などの列名が必要です）",
                         "no header row found (columns such as 団体コード/org_code, 年度/fiscal_year, 業務/system)",
                         "テンプレートは `python -m dashboard template` で作成できます / "
                         "get a template with `python -m dashboard template`")


def _finish(name, header, body: pd.DataFrame, row_numbers: pd.Series, header_row: int):
    # Columns with neither a header nor any value are padding (Excel's used range).
    keep = [i for i, h in enumerate(header)
            if h or (i < body.shape[1] and body.iloc[:, i].str.strip().ne("").any())]
    header = [header[i] for i in keep]
    body = body.iloc[:, keep].fillna("")
    body.columns = range(len(keep))
    # Blank lines (also lines of spaces only) are skipped but keep their place in the numbering.
    if len(body):
        nonblank = np.zeros(len(body), dtype=bool)
        for i in range(body.shape[1]):      # usually the first column settles it
            if nonblank.all():
                break
            nonblank |= body.iloc[:, i].str.strip().ne("").to_numpy()
        if not nonblank.all():
            body = body[nonblank].reset_index(drop=True)
            row_numbers = row_numbers[nonblank].reset_index(drop=True)
    return RawTable(header, body, row_numbers, header_row), []
