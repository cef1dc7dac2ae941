"""Reading a vendor's estimate (XLSX or CSV) into lines, with the Excel row of each.

What vendors send (domain.md section 11): title rows above the header, merged cells,
several sheets, section headings, 小計 and 合計 rows, 千円 units, 税込 or 税抜, full-width
digits, △ negatives, 60-month or yearly totals. The header row is the first of the first
30 rows that names an amount column and a description column. A merged cell spanning
rows (an operation written once for a block of lines) is filled down, so each line
keeps it. Every non-empty row after the header becomes a Line: counted lines, stated
sums, headings, or `unplaced` rows with a reason — nothing is dropped.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime

from dashboard.estimate import text
from dashboard.estimate.model import Estimate, EstimateError, Line, Problem
from dashboard.ingest import bounds

HEADER_SEARCH_ROWS = 30
MAX_CELLS = 500_000          # an estimate of 20,000 lines × 25 columns; real ones are far smaller
# (field, words a header cell contains), tried in this order: the first that matches wins.
FIELDS = (
    ("tax", ("税区分", "課税区分")),
    ("unit_price", ("単価", "unitprice")),
    ("period", ("期間", "月数", "period", "months")),
    ("quantity", ("数量", "台数", "人数", "工数", "quantity", "qty")),
    ("unit", ("単位", "unit")),
    ("description", ("項目", "品名", "内容", "摘要", "名称", "品目", "明細", "費目", "description", "item")),
    ("amount", ("金額", "見積額", "価格", "総額", "年額", "amount")),
    ("environment", ("環境", "environment")),
    ("operation", ("業務", "対象システム", "システム", "operation", "system")),
    ("note", ("備考", "注記", "特記", "note", "remark")),
)
ENVIRONMENTS = (("本番", "本番"), ("検証", "検証"), ("ステージング", "検証"), ("staging", "検証"),
                ("開発", "開発"), ("production", "本番"))
_TOTAL = re.compile(r"^(総合計|合計|総計|見積合計|総額|税込合計|見積総額|total)", re.I)
_SUBTOTAL = re.compile(r"(小計|subtotal)|(^|\s)計$", re.I)
SUMMARY_SHEETS = ("総括", "集計", "サマリ", "summary", "表紙", "鑑")
NO_CHARGE = ("-", "無償", "サービス", "0円")


def header_field(cell: str) -> str | None:
    folded = text.fold(cell).lower()
    if not folded:
        return None
    for name, words in FIELDS:
        if any(w in folded for w in words):
            return name
    return None


def read(name: str, content: bytes) -> Estimate:
    """The estimate in `content`; raises EstimateError naming sheet and row on bad input."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not content.strip():
        raise EstimateError([Problem(name, None, None, "ファイルが空です", "the file is empty")])
    if ext in ("xlsx", "xlsm"):
        sheets = _xlsx_sheets(name, content)
    elif ext in ("csv", "txt"):
        sheets = [(name, _csv_rows(name, content), {})]
    else:
        raise EstimateError([Problem(name, None, None,
                                     "対応していないファイル形式です（.xlsx または .csv）",
                                     "unsupported file type (use .xlsx or .csv)")])
    estimate = Estimate(name, [])
    missing = []
    for sheet, rows, _ in sheets:
        estimate.sheets.append(sheet)
        found = _read_sheet(sheet, rows, estimate)
        if not found:
            missing.append(sheet)
    if not any(line.kind != "section" for line in estimate.lines):
        raise EstimateError([Problem(
            sheet, None, None,
            f"金額の列が見つかりません（先頭{HEADER_SEARCH_ROWS}行に「金額」と「項目」などの見出し行がありません）",
            f"no amount column (no header row naming an amount and a description in the first "
            f"{HEADER_SEARCH_ROWS} rows)") for sheet in missing or estimate.sheets])
    _tax_basis(estimate)
    return estimate


# ---------------------------------------------------------------- files
def _xlsx_sheets(name: str, content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            # The import's caps (zip entries, uncompressed bytes, rows and cells streamed from
            # each sheet) before anything inflates the workbook.
            cells = sum(bounds.count_sheet(zf, info)[1] for info in bounds.check_zip(zf))
            if cells > MAX_CELLS:
                raise bounds.cells_cap(cells)
    except bounds.CapExceeded as exc:
        raise EstimateError([Problem(name, None, None, f"見積ファイルが大きすぎます: {exc.ja}",
                                     f"the estimate is too large: {exc.en}")]) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise _unreadable(name, exc) from None
    # calamine (Rust) reads a 2,000-line workbook in a few hundredths of a second, where
    # openpyxl took seconds; it gives cached formula values (as data_only did) and the
    # merged ranges. Rows come from A1, so list index + 1 is the row Excel shows.
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        out = []
        for sheet_name in book.sheet_names:
            sheet = book.get_sheet_by_name(sheet_name)
            rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            for (top, col), (bottom, _) in sheet.merged_cell_ranges or []:
                if bottom == top or top >= len(rows):
                    continue
                value = rows[top][col] if col < len(rows[top]) else None
                for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
                    if col < len(rows[r]):
                        rows[r][col] = value
            out.append((sheet_name, rows, {}))
        book.close()
    except Exception as exc:  # noqa: BLE001 - a damaged workbook can fail anywhere in the parser
        raise _unreadable(name, exc) from None
    return out


def _unreadable(name: str, exc: Exception) -> EstimateError:
    return EstimateError([Problem(name, None, None,
                                  "Excelファイルとして読み取れません（壊れているか、別の形式です）",
                                  f"the workbook cannot be read ({type(exc).__name__})")])


def _csv_rows(name: str, content: bytes):
    try:
        bounds.check_csv(content)
    except bounds.CapExceeded as exc:
        raise EstimateError([Problem(name, None, None, f"見積ファイルが大きすぎます: {exc.ja}",
                                     f"the estimate is too large: {exc.en}")]) from None
    for enc in ("utf-8-sig", "cp932"):
        try:
            decoded = content.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise EstimateError([Problem(name, None, None, "文字コードを判別できません（UTF-8 または Shift_JIS）",
                                     "unknown text encoding (use UTF-8 or Shift_JIS)")])
    return [list(r) for r in csv.reader(io.StringIO(decoded))]


def _cell_text(value) -> str:
    if isinstance(value, str) and (not value or (value[0] != " " and value[-1] != " " and value.isprintable()
                                                 and value.isascii())):
        return value                   # plain ASCII text needs no normalising
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return text.clean(value)


# ---------------------------------------------------------------- one sheet
def _find_header(rows) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields: dict[str, int] = {}
        for j, value in enumerate(row):
            field = header_field(_cell_text(value))
            if field and field not in fields:
                fields[field] = j
        if "amount" in fields and ("description" in fields or len(fields) >= 3):
            return i, fields
    return None


def _read_sheet(sheet: str, raw_rows, estimate: Estimate) -> bool:
    rows = [[_cell_text(v) if isinstance(v, str) or isinstance(v, (date, datetime)) else v for v in r]
            for r in raw_rows]          # each text cell normalised once
    for i, row in enumerate(rows):
        for value in row:
            if value not in (None, ""):
                estimate.texts.append((sheet, i + 1, value if isinstance(value, str) else _cell_text(value)))
    found = _find_header(rows)
    if found is None:
        return False
    h, fields = found
    head_text = " ".join(_cell_text(v) for r in rows[:h + 1] for v in r if v not in (None, ""))
    amount_head = _cell_text(rows[h][fields["amount"]])
    scale = 1000 if text.thousand_yen(head_text) else 1
    tax = text.tax_basis(" ".join(_cell_text(v) for r in rows[:h] for v in r if v not in (None, ""))
                         + " " + amount_head)
    period = text.period_hint(amount_head) or text.period_hint(head_text)
    summary = any(w in text.fold(sheet).lower() for w in SUMMARY_SHEETS)
    section = ""
    amount_col = fields["amount"]
    for i in range(h + 1, len(rows)):
        row = rows[i]
        get = lambda f: row[fields[f]] if f in fields and fields[f] < len(row) else None  # noqa: E731
        cells = [v if isinstance(v, str) else _cell_text(v) for v in row]    # text is already clean
        if not any(cells):
            continue
        label = _cell_text(get("description")) or next(
            (c for j, c in enumerate(cells) if c and text.number(c) is None and j <= amount_col
             and j != fields.get("operation")), "")
        raw_amount = get("amount")
        amount = text.number(raw_amount)
        if amount is None and text.fold(raw_amount) in NO_CHARGE:
            amount = text.number(0)
        line = Line(sheet=sheet, row=i + 1, kind="line", section=section, description=label,
                    operation_text=_cell_text(get("operation")),
                    unit_price=text.number(get("unit_price")), quantity=text.number(get("quantity")),
                    unit=text.clean(get("unit")), period_months=text.months(get("period")),
                    amount=amount, environment=_environment(_cell_text(get("environment")), label),
                    note=_cell_text(get("note")), scale=scale, sheet_period=period,
                    tax_included=(tax == "incl"))
        line_tax = text.tax_basis(_cell_text(get("tax")))
        if line_tax:
            line.tax_included = line_tax == "incl"
            line.reason = f"tax:{line_tax}"
        folded = text.fold(label)
        if _TOTAL.match(folded):
            line.kind = "total"
        elif _SUBTOTAL.search(text.clean(label)):
            line.kind = "subtotal"
        elif "消費税" in folded and "税込" not in folded:
            line.kind = "tax"
        elif amount is None:
            others = [c for j, c in enumerate(cells) if c and j not in (fields.get("description"),
                                                                         fields.get("operation"))]
            if label and not others and raw_amount in (None, ""):
                line.kind = "section"
                section = label
                line.section = label
            else:
                line.kind = "unplaced"
                line.reason = ("金額を読み取れません / the amount cannot be read: "
                               f"{_cell_text(raw_amount) or '(空欄 / empty)'}")
        elif summary:
            line.kind = "summary"
        estimate.lines.append(line)
    return True


def _environment(value: str, label: str) -> str:
    for source in (value, label):
        folded = text.fold(source).lower()
        for word, env in ENVIRONMENTS:
            if word in folded:
                return env
    return ""


def _tax_basis(estimate: Estimate) -> None:
    """One basis for the whole estimate, or an error naming the rows that disagree."""
    stated = {}
    for line in estimate.lines:
        if line.reason.startswith("tax:"):
            stated.setdefault(line.reason[4:], line)
            line.reason = ""
    sheet_basis = {}
    sums = {(l.sheet, l.row) for l in estimate.lines if l.kind in ("tax", "total", "subtotal")}
    for sheet, row, cell in estimate.texts:
        basis = text.tax_basis(cell)
        if basis and (sheet, row) not in sums:
            sheet_basis.setdefault((sheet, basis), (sheet, row, cell))
    bases = {b for (_, b) in sheet_basis} | set(stated)
    if len(bases) > 1:
        where = [Problem(s, r, None, f"「{c}」", f"'{c}'") for (s, r, c) in sheet_basis.values()]
        where += [Problem(l.sheet, l.row, "税区分", f"{'税込' if b == 'incl' else '税抜'}",
                          "tax included" if b == "incl" else "tax excluded") for b, l in stated.items()]
        raise EstimateError([Problem(None, None, None,
                                     "税込と税抜の金額が混在しています。どちらかにそろえてください",
                                     "the estimate mixes tax-inclusive and tax-exclusive amounts; use one basis")]
                            + where)
    if bases:
        estimate.tax_basis = bases.pop()
        estimate.tax_stated = True
        for line in estimate.lines:
            line.tax_included = estimate.tax_basis == "incl"
    else:
        estimate.assumptions.append("税込・税抜の記載がないため税抜とみなしました / no tax basis "
                                    "stated: amounts read as tax-exclusive")
