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
from dashboard.export.stamp import basis_label

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


# Deliberate short sheet names (Excel allows 31 characters; a title cut mid-parenthesis reads badly).
SHEET_NAMES = {"trajectory": "推移", "trajectory_stacked": "推移（費目別）", "map": "都道府県別",
               "distribution_kind": "分布（区分別）", "distribution_peer": "分布（類似団体）",
               "by_system": "業務別の比", "by_item": "費目別", "municipalities": "市区町村",
               "own_systems": "県が運用する業務", "gc_joint": "共同調達", "waterfall": "増減要因の内訳",
               "migration": "移行状況", "driver_system": "要因×業務", "top_drivers": "主な増加要因",
               "factor_measure": "要因と対策",
               "measure_by_year": "年度別の対策", "peers": "類似団体"}
SHEET_NAMES_EN = {"trajectory": "Trajectory", "trajectory_stacked": "Trajectory by item",
                  "map": "Prefectures", "distribution_kind": "Distribution by kind",
                  "distribution_peer": "Distribution by peers", "by_system": "By operation",
                  "by_item": "By item", "municipalities": "Municipalities", "own_systems": "Prefecture-run",
                  "gc_joint": "Joint procurement", "waterfall": "Drivers", "migration": "Migration",
                  "driver_system": "Drivers x operations", "top_drivers": "Top drivers",
                  "factor_measure": "Factors and measures",
                  "measure_by_year": "Measures by year", "peers": "Peers"}
UNIT_IN_HEADER = re.compile(r"\s*[（(](千円|百万円|億円|thousand yen|million yen|100 million yen)[）)]")
DIVISOR = {"千円": 1_000, "百万円": 1_000_000, "億円": 100_000_000, "thousand yen": 1_000,
           "million yen": 1_000_000, "100 million yen": 100_000_000}
RATE_COLUMN = re.compile(r"基準比|基準年度比|Change")


def in_yen(frame: pd.DataFrame) -> pd.DataFrame:
    """A chart table in the workbook's one unit: amounts in display units become integer yen
    (header 「金額 (円)」), percentages in points become fractions (formatted 0.0%)."""
    out = frame.copy()
    for column in frame.columns:
        name = str(column)
        match = UNIT_IN_HEADER.search(name)
        if match and pd.api.types.is_numeric_dtype(frame[column]):
            values = (frame[column].astype("float64") * DIVISOR[match.group(1)]).round()
            out[column] = [None if v != v else int(v) for v in values]
            out = out.rename(columns={column: UNIT_IN_HEADER.sub("", name) + "（円）"})
        elif name.endswith("(%)") and pd.api.types.is_numeric_dtype(frame[column]):
            out[column] = frame[column].astype("float64") / 100
            out = out.rename(columns={column: name.removesuffix("(%)").strip()})
    return out


def sheet_name(title: str, taken: set[str], key: str | None = None, lang: str = "ja") -> str:
    names = SHEET_NAMES if lang == "ja" else SHEET_NAMES_EN
    name = names.get(key) or re.sub(r"[\[\]:*?/\\']", "", title).strip()[:28] or "chart"
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
    """The table with its header frozen, filters on, #,##0 for yen and 0.0% for rates."""
    formats = formats or {}
    for c, name in enumerate(frame.columns, 1):
        _put(ws, start_row, c, str(name), bold=True, fill=HEADER_FILL)
    for r, row in enumerate(frame.itertuples(index=False), start_row + 1):
        for c, (name, value) in enumerate(zip(frame.columns, row), 1):
            value = _plain(value)
            fmt = formats.get(str(name))
            if fmt is None and isinstance(value, float) and RATE_COLUMN.search(str(name)):
                fmt = RATE_FORMAT
            elif fmt is None and isinstance(value, float):
                fmt = "#,##0.00"
            if fmt is None and isinstance(value, int) and not isinstance(value, bool):
                fmt = YEN_FORMAT if "円" in str(name) or "yen" in str(name) else "#,##0"
            _put(ws, r, c, value, fmt=fmt)
    if len(frame.columns):
        ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
        last = get_column_letter(len(frame.columns))
        ws.auto_filter.ref = f"A{start_row}:{last}{start_row + max(len(frame), 1)}"
    for c, name in enumerate(frame.columns, 1):
        values = [str(name)] + [str(v) for v in frame.iloc[:, c - 1].tolist()[:200]]
        width = max(len(v) * (2 if any(ord(ch) > 0x2E7F for ch in v) else 1) for v in values)
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, width + 2))


def _head(ws, title: str, c: PackContent) -> int:
    """Title, then scope/year/basis, the one unit, source and data time, creation time (JST,
    和暦) and the demo notice: every sheet can be printed or forwarded on its own."""
    ja = c.lang == "ja"
    _put(ws, 1, 1, title, bold=True).font = Font(name=FONT_NAME, bold=True, size=14)
    m = c.meta
    lines = [("｜" if ja else " | ").join([m.scope_label, i18n.fiscal_year(m.fiscal_year, c.lang),
                                           ("区分：" if ja else "Basis: ") + basis_label(m.basis, c.lang)]),
             "金額の単位：円（整数）。比率は % 表示。" if ja else "Amounts in yen (integers); rates as %.",
             *c.meta.footer(),
             ("作成：" if ja else "Created: ") + c.created_at]
    for i, line in enumerate(lines):
        cell = _put(ws, 2 + i, 1, line)
        if c.meta.is_demo and line == i18n.DEMO_NOTICE[c.lang]:
            cell.font = Font(name=FONT_NAME, bold=True, color="B42318")
    return 2 + len(lines) + 1


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
    ws.freeze_panes = ws.cell(row=row - len(SUMMARY_ROWS) + 1, column=1)


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


def _over(c: PackContent) -> pd.DataFrame:
    """Every organization over its baseline, worst first, in yen."""
    o = c.over
    columns = ["順位", "団体コード", "団体", "超過額（円）", "基準年度額（円）", "対象年度額（円）", "倍率",
               "基準年度比", "最大の増加要因", "特定移行支援システム"]
    if o is None or o.empty:
        return pd.DataFrame(columns=columns)
    cols = list(o.columns)
    return pd.DataFrame({
        "順位": o[cols[0]], "団体コード": o["org_code"], "団体": o[cols[1]], "超過額（円）": o["excess_yen"],
        "基準年度額（円）": o["baseline_yen"], "対象年度額（円）": o["current_yen"],
        "倍率": (o["current_yen"] / o["baseline_yen"]).round(4),
        "基準年度比": (o["current_yen"] / o["baseline_yen"] - 1).round(4),
        "最大の増加要因": o[cols[5]], "特定移行支援システム": o[cols[6]]})[columns]


def write(content: PackContent) -> bytes:
    wb = Workbook()
    taken = {"概要", "基準超過", "業務別", "要因別", "定義"}
    _summary_sheet(wb.active, content)
    wb.active.title = "概要"
    ws = wb.create_sheet("基準超過")
    _frame(ws, _over(content), _head(ws, content.over_title(), content), {"倍率": "0.00"})
    for name, frame in (("業務別", _by_system(content)), ("要因別", _by_driver(content))):
        ws = wb.create_sheet(name)
        _frame(ws, frame, _head(ws, name, content), {"基準年度比": RATE_FORMAT})
    ws = wb.create_sheet("定義")
    _frame(ws, pd.DataFrame(content.definitions(), columns=["用語", "定義"]), _head(ws, "用語の定義", content))
    ws.column_dimensions["B"].width = 110
    for row in ws.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    for chart in content.charts:
        ws = wb.create_sheet(sheet_name(chart.title, taken, chart.key, content.lang))
        start = _head(ws, chart.title, content)
        if chart.caption:
            _put(ws, start, 1, chart.caption)
        table = in_yen(chart.table) if chart.table is not None else pd.DataFrame()
        _frame(ws, table, start + 2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
