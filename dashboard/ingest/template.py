"""Blank import templates (costs, drivers, status) as XLSX or CSV that import cleanly once filled.

The XLSX has a title row above the Japanese header (the importer finds the header),
drop-down lists for 業務, 費目, 区分, 要因, 単位 and 移行状況 fed from a hidden list
sheet, and an instructions sheet (説明). The CSV is UTF-8 with BOM so Excel opens it
with the Japanese headers intact.
"""
from __future__ import annotations

import io

from dashboard import reference
from dashboard.config import IMPORT_KINDS

KINDS = IMPORT_KINDS
HEADERS = {
    "costs": ["団体コード", "団体名", "年度", "業務", "費目", "区分", "金額", "単位", "備考"],
    "drivers": ["団体コード", "団体名", "年度", "業務", "要因コード", "金額", "単位", "備考"],
    "status": ["団体コード", "団体名", "業務", "移行状況", "移行予定年度", "備考"],
}
TITLES = {"costs": "標準化20業務 運用経費等 調査票", "drivers": "標準化20業務 経費増減要因 調査票",
          "status": "標準化20業務 移行状況 調査票"}
WIDTHS = {"団体コード": 12, "団体名": 16, "年度": 12, "業務": 20, "費目": 36, "区分": 8, "金額": 16,
          "単位": 8, "備考": 30, "要因コード": 60, "移行状況": 20, "移行予定年度": 14}
HEADER_ROW = 3          # row 1: title, row 2: blank, row 3: header
DATA_ROWS = 2000        # rows that carry the drop-downs


def choices() -> dict[str, list[str]]:
    """The values each drop-down offers; every one of them is accepted by normalise.py."""
    drivers = reference.load("driver")
    return {
        "業務": reference.load("system")["name_ja"].tolist(),
        "費目": reference.load("cost_item")["name_ja"].tolist(),
        "区分": ["実績", "予算", "見積"],
        "要因コード": [f"{c} {n}" for c, n in zip(drivers["driver_code"], drivers["name_ja"])],
        "単位": ["円", "千円"],
        "移行状況": ["移行済", "移行中", "特定移行支援"],
    }


INSTRUCTIONS = [
    ("項目", "説明 / How to fill in"),
    ("団体コード", "全国地方公共団体コード6桁（検査数字付き）または5桁。例: 352012 / 6-digit code with check digit, or 5 digits"),
    ("団体名", "任意。記入した場合は団体コードと一致するか確認します / optional; checked against the code"),
    ("年度", "2018、H30、平成30年度、R7、令和7年度、令和元年度 など / fiscal year, western or 和暦"),
    ("業務", "一覧から選択（業務コード01〜20や業務名も可）/ pick from the list (code 01-20 or name)"),
    ("費目", "一覧から選択（括弧内は省略可）/ pick from the list (the bracketed part may be omitted)"),
    ("区分", "実績・予算・見積 / actual, budget or estimate"),
    ("要因コード", "一覧から選択（S01 等のコードだけでも可）/ pick from the list (the code alone is enough)"),
    ("金額", "整数。カンマ可。単位列が千円なら千円単位。要因の減額は -、△、▲ / integer; commas allowed; "
             "negative driver amounts as -, △ or ▲ (costs cannot be negative)"),
    ("単位", "円（既定）または 千円 / yen (default) or thousand yen"),
    ("移行状況", "移行済・移行中・特定移行支援 / migrated, migrating, delayed (special support)"),
    ("移行予定年度", "特定移行支援の場合の移行予定年度（任意）/ planned year if delayed (optional)"),
    ("備考", "任意のメモ（取り込んで保存されます）/ free remark, kept with the figure"),
    ("", ""),
    ("注意", "見出し行の列名は変更しないでください。不明な列があるとファイル全体が取り込まれません。"),
    ("Note", "Do not rename the header cells: a file with an unknown column is refused as a whole."),
    ("注意", "1つのファイルに同じキー（団体・年度・業務・費目・区分）を2回書くことはできません。"),
    ("取込", "python -m dashboard import --db PATH FILE.xlsx、またはダッシュボードの「データ取込」画面"),
]


def build(kind: str, fmt: str) -> bytes:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if fmt == "csv":
        return (",".join(HEADERS[kind]) + "\r\n").encode("utf-8-sig")
    if fmt == "xlsx":
        return _xlsx(kind)
    raise ValueError("format must be xlsx or csv")


def _xlsx(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "入力"
    ws["A1"] = TITLES[kind]
    ws["A1"].font = Font(bold=True, size=14)
    headers = HEADERS[kind]
    for col, name in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(name, 14)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    first, last = HEADER_ROW + 1, HEADER_ROW + DATA_ROWS
    # Codes must stay text, or Excel drops the leading zero of 010006.
    code_col = get_column_letter(headers.index("団体コード") + 1)
    for r in range(first, first + 200):
        ws[f"{code_col}{r}"].number_format = "@"

    lists = wb.create_sheet("リスト")
    for col, (name, values) in enumerate(choices().items(), start=1):
        lists.cell(row=1, column=col, value=name)
        for r, v in enumerate(values, start=2):
            lists.cell(row=r, column=col, value=v)
        if name not in headers:
            continue
        letter = get_column_letter(col)
        dv = DataValidation(type="list", formula1=f"=リスト!${letter}$2:${letter}${len(values) + 1}",
                            allow_blank=True, showErrorMessage=name != "要因コード")
        dv.error, dv.errorTitle = "一覧から選択してください / pick a value from the list", name
        target = get_column_letter(headers.index(name) + 1)
        dv.add(f"{target}{first}:{target}{last}")
        ws.add_data_validation(dv)
    lists.sheet_state = "hidden"

    guide = wb.create_sheet("説明")
    guide["A1"] = TITLES[kind] + " 記入方法"
    guide["A1"].font = Font(bold=True, size=14)
    for r, (item, text) in enumerate(INSTRUCTIONS, start=3):
        if item and item not in ("注意", "Note", "取込") and item not in headers:
            continue
        guide.cell(row=r, column=1, value=item).font = Font(bold=True)
        guide.cell(row=r, column=2, value=text)
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 110
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
