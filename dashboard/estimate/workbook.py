"""The review workbook (XLSX): the original lines with their mapping and flags, and a
質問事項 column filled in Japanese per flag, ready to send to the vendor.

Every string written goes through sanitize.xlsx_cell (formula injection: a vendor's
description such as "=HYPERLINK(…)" stays text) — the vendor wrote these cells, not us.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from dashboard import sanitize
from dashboard.estimate import labels, rules

LINE_HEADERS = ("シート", "行", "区分", "見出し", "項目", "業務（記載）", "単価", "数量", "単位", "期間（月）",
                "金額（記載）", "金額（円・税込）", "年額（円・税込）", "環境", "備考",
                "費目", "業務（対応付け）", "確度", "根拠", "指摘", "質問事項")
FLAG_HEADERS = ("ルール", "重要度", "シート", "行", "金額（円）", "指摘内容", "Finding (EN)", "質問事項",
                "理由", "出典")
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE5EE")


class _Sheet:
    """Appends rows, every value through the sanitiser. Counts its own rows: openpyxl's
    ws.max_row scans every cell, which made a 2,000-line workbook quadratic."""

    def __init__(self, ws, headers=None):
        self.ws, self.rows = ws, 0
        if headers:
            self.row(headers)
            for cell in ws[1]:
                cell.font, cell.fill = BOLD, HEAD_FILL
            ws.freeze_panes = "A2"

    def row(self, values) -> None:
        self.rows += 1
        for c, value in enumerate(values, start=1):
            if value is not None and not isinstance(value, (int, float, str)):
                value = float(value) if hasattr(value, "as_integer_ratio") else str(value)
            sanitize.xlsx_cell(self.ws.cell(self.rows, c), value)


def review_xlsx(result) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "見積明細"
    lines = _Sheet(ws, LINE_HEADERS)
    by_row: dict[tuple, list] = {}
    for f in result.flags:
        by_row.setdefault((f.sheet, f.row), []).append(f)
    for line, m in zip(result.estimate.lines, result.mappings):
        found = by_row.get((line.sheet, line.row), [])
        counted = line.counted
        lines.row((line.sheet, line.row, labels.KINDS.get(line.kind, line.kind), line.section,
                  line.description, line.operation_text, line.unit_price, line.quantity, line.unit,
                  line.period_months, line.amount, line.amount_yen, line.annual_yen if counted else None,
                  line.environment, line.note or line.reason,
                  labels.item_label(m.item_key) if counted else "",
                  labels.operation_label(m.systems, m.shared) if counted else "",
                  m.confidence if counted else None, labels.SOURCES.get(m.source, "") if counted else "",
                  " ".join(f.rule for f in found), "\n".join(f.question_ja for f in found)))
    widths = {"E": 40, "O": 30, "P": 22, "Q": 22, "U": 60}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for cell in ws["U"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    fs = book.create_sheet("指摘")
    flags = _Sheet(fs, FLAG_HEADERS)
    for f in result.flags:
        r = rules.rule(f.rule)
        flags.row((f.rule, rules.SEVERITY[f.severity][0], f.sheet, f.row, f.amount_yen, f.message_ja,
                  f.message_en, f.question_ja, r["rationale"], r["source"]))
    fs.column_dimensions["F"].width = 50
    fs.column_dimensions["H"].width = 60

    ss = book.create_sheet("集計")
    sums = _Sheet(ss, ("費目", "年額（円・税込）", "平成30年度（2018）実績（円）", "−30%目標額（円）"))
    base = {}
    if result.baseline is not None and len(result.baseline):
        b = result.baseline[result.baseline["system_code"].isin(result.systems)]
        base = b.groupby("item_key")["baseline_yen"].sum().to_dict()
    for item, yen in result.annual_yen_by_item.items():
        sums.row((labels.item_label(item), yen, int(base[item]) if item in base else None,
                  7 * int(base[item]) // 10 if item in base else None))
    sums.row(("合計", result.annual_total_yen, result.baseline_yen, result.target_yen))
    ss.column_dimensions["A"].width = 30

    ns = book.create_sheet("前提")
    notes = _Sheet(ns)
    notes.row(("ファイル", result.file_name))
    notes.row(("団体コード", result.org_code))
    notes.row(("ルールの版", result.rules_version))
    notes.row(("税", "税込（元の見積: " + ("税込" if result.estimate.tax_basis == "incl" else "税抜") + "）"))
    for text in result.estimate.assumptions:
        notes.row(("前提", text))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
