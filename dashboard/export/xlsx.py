"""XLSX tables for finance staff: the numbers behind every chart, checkable by hand.

Sheets: 概要 (the `summary --json` figures, integer yen), 業務別, 要因別, 定義, then one sheet
per chart with its data table, each headed by title, scope, year, unit, basis and notice.
Amounts are stored as integer yen (not rounded display units) so totals can be re-added.

Text cells that a spreadsheet could take for a formula (starting with = + - @, tab or CR)
go through dashboard.sanitize: text with a leading apostrophe, stored as text (never a
formula). Names and remarks come from imported files, so `=HYPERLINK(...)` must stay inert.
"""
from __future__ import annotations

import io
import math
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard import i18n, reference, sanitize
from dashboard.export.content import PackContent

FONT_NAME = "Meiryo"
YEN_FORMAT, RATE_FORMAT = "#,##0", "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="E6EAEE")

# summary --json key → (項目, unit)
SUMMARY_ROWS = [
    ("scope", "範囲", ""), ("fiscal_year", "対象年度", "年度"),
    ("baseline_yen", "基準年度額（平成30年度実績）", "円"), ("current_yen", "対象年度額", "円"),
    ("change_rate", "基準年度比（＋は増加、−は減少）", "比率"), ("target_change_rate", "目標（基準年度比）", "比率"),
    ("gap_to_target_yen", "目標までの差（対象年度額 − 目標額）", "円"),
    ("pairs_matched", "比較可能な団体×業務の組", "組"),
    ("pairs_with_baseline", "基準年度のある組", "組"), ("orgs_in_scope", "範囲内の団体", "団体"),
    ("orgs_reporting", "比較可能な団体", "団体"), ("orgs_over_baseline", "基準年度を上回る団体", "団体"),
    ("orgs_on_target", "3割削減を達成した団体", "団体"), ("unattributed_yen", "要因未特定額", "円"),
    ("basis", "区分", ""),
]


def _plain(value):
    """numpy scalars → Python; missing → empty cell."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\']", "", title).strip()[:28] or "chart"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name[:26]}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _put(ws, row: int, col: int, value, *, bold=False, fmt: str | None = None, fill=None):
    cell = sanitize.xlsx_cell(ws.cell(row=row, column=col), _plain(value))
    cell.font = Font(name=FONT_NAME, bold=bold)
    if fmt:
        cell.number_format = fmt
    if fill:
        cell.fill = fill
    return cell


def _frame(ws, frame: pd.DataFrame, start_row: int, formats: dict[str, str] | None = None) -> None:
    formats = formats or {}
    for c, name in enumerate(frame.columns, 1):
        _put(ws, start_row, c, str(name), bold=True, fill=HEADER_FILL)
    for r, row in enumerate(frame.itertuples(index=False), start_row + 1):
        for c, (name, value) in enumerate(zip(frame.columns, row), 1):
            value = _plain(value)
            fmt = formats.get(str(name))
            if fmt is None and isinstance(value, int) and not isinstance(value, bool):
                fmt = YEN_FORMAT if "円" in str(name) or "yen" in str(name) else "#,##0"
            _put(ws, r, c, value, fmt=fmt)
    for c, name in enumerate(frame.columns, 1):
        values = [str(name)] + [str(v) for v in frame.iloc[:, c - 1].tolist()[:200]]
        width = max(len(v) * (2 if any(ord(ch) > 0x2E7F for ch in v) else 1) for v in values)
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, width + 2))


def _head(ws, title: str, c: PackContent) -> int:
    _put(ws, 1, 1, title, bold=True).font = Font(name=FONT_NAME, bold=True, size=14)
    _put(ws, 2, 1, c.subtitle())
    lines = c.meta.footer()
    for i, line in enumerate(lines):
        _put(ws, 3 + i, 1, line)
    return 3 + len(lines) + 1


def _summary_sheet(ws, c: PackContent) -> None:
    row = _head(ws, "概要" if c.lang == "ja" else "Summary", c)
    header = ["項目", "値", "単位", "キー（summary --json）"]
    for col, name in enumerate(header, 1):
        _put(ws, row, col, name, bold=True, fill=HEADER_FILL)
    # summary --json states reduction_rate = 1 − current/baseline; the sheet states the change
    # (its negation) so that + always means an increase, as on the pages and the slides.
    rate = c.summary.get("reduction_rate")
    derived = {"change_rate": None if rate is None else -rate,
               "target_change_rate": -c.summary.get("target_rate", 0.3)}
    keys = {"change_rate": "−reduction_rate", "target_change_rate": "−target_rate"}
    for key, label, unit in SUMMARY_ROWS:
        row += 1
        value = derived[key] if key in derived else c.summary.get(key)
        fmt = YEN_FORMAT if unit == "円" else (RATE_FORMAT if unit == "比率" else None)
        _put(ws, row, 1, label)
        _put(ws, row, 2, value, fmt=fmt)
        _put(ws, row, 3, unit)
        _put(ws, row, 4, keys.get(key, key))
    for col, width in zip("ABCD", (40, 22, 8, 26)):
        ws.column_dimensions[col].width = width


def _by_system(c: PackContent) -> pd.DataFrame:
    names = reference.load("system").set_index("system_code")["name_ja"]
    rows = [{"業務コード": r["system"], "業務": names[r["system"]], "基準年度額（円）": r["baseline_yen"],
             "対象年度額（円）": r["current_yen"],
             "基準年度比": None if r["reduction_rate"] is None else -r["reduction_rate"]}
            for r in c.summary["by_system"]]
    return pd.DataFrame(rows, columns=["業務コード", "業務", "基準年度額（円）", "対象年度額（円）", "基準年度比"])


def _by_driver(c: PackContent) -> pd.DataFrame:
    drivers = reference.load("driver").set_index("driver_code")
    rows = [{"要因コード": r["driver"], "区分": drivers.loc[r["driver"], "group_ja"],
             "要因・対策": drivers.loc[r["driver"], "name_ja"], "金額（円）": r["amount_yen"]}
            for r in c.summary["by_driver"]]
    return pd.DataFrame(rows, columns=["要因コード", "区分", "要因・対策", "金額（円）"])


def write(content: PackContent) -> bytes:
    wb = Workbook()
    taken = {"概要", "業務別", "要因別", "定義"}
    _summary_sheet(wb.active, content)
    wb.active.title = "概要"
    for name, frame in (("業務別", _by_system(content)), ("要因別", _by_driver(content))):
        ws = wb.create_sheet(name)
        _frame(ws, frame, _head(ws, name, content), {"基準年度比": RATE_FORMAT})
    ws = wb.create_sheet("定義")
    _frame(ws, pd.DataFrame(content.definitions(), columns=["用語", "定義"]), _head(ws, "用語の定義", content))
    ws.column_dimensions["B"].width = 110
    for row in ws.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    for chart in content.charts:
        ws = wb.create_sheet(sheet_name(chart.title, taken))
        start = _head(ws, chart.title, content)
        _put(ws, start, 1, chart.caption)
        unit_note = f"金額の単位：表の見出しに記載（既定 {i18n.unit_label(content.meta.unit)}）"
        _put(ws, start + 1, 1, unit_note)
        table = chart.table if chart.table is not None else pd.DataFrame()
        _frame(ws, table, start + 3)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
