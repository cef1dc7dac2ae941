"""Vendor estimates written by the tests themselves (openpyxl / csv), clean and messy.

A *spec* is a list of rows:
    ("section", heading, operation)
    ("line", operation, description, unit_price, quantity, unit, period, amount, env, note)
    ("subtotal",)   ("total",)
in tax-exclusive yen. `clean_xlsx` writes it plainly (one sheet, header on row 1, 円,
税抜 assumed); `messy_xlsx` writes the same estimate the way vendors do: a cover sheet,
title rows, merged cells, the lines split over two sheets each with its own total,
千円 and 税込 (×1.1), full-width digits and period text. Amounts that are multiples of
10,000 yen stay exact through 千円 × 1.1.
"""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from openpyxl import Workbook

HEADER = ["業務", "項目", "単価", "数量", "単位", "期間", "金額", "環境", "備考"]
FULL = str.maketrans("0123456789,", "０１２３４５６７８９，")


def csv_estimate(rows: list[list], header=HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def line(op, desc, price, qty, unit, period, amount, env="", note=""):
    return ["line", op, desc, price, qty, unit, period, amount, env, note]


# An estimate that trips most rules, for clean-vs-messy comparisons.
BASE = [
    ("section", "【住民基本台帳】", "住基"),
    line("住基", "住民記録システム パッケージ利用料", 100_000, 1, "月", 60, 6_000_000, "本番"),
    line("住基", "住民記録システム パッケージ保守", 50_000, 1, "月", 60, 3_100_000, "本番"),   # R01
    line("住基", "ヘルプデスク", 30_000, 1, "月", 60, 1_800_000, "", "毎年3%の価格改定を行う"),  # R11
    ("subtotal",),
    ("section", "【介護保険】", "介護"),
    line("介護", "介護保険システム パッケージ利用料", 80_000, 1, "月", 60, 4_800_000, "本番"),
    line("介護", "介護保険システム ソフトウェア保守（24時間365日）", 40_000, 1, "月", 60, 2_400_000),  # R10
    ("subtotal",),
    ("section", "【共通基盤】", "共通"),
    line("共通", "ガバメントクラウド利用料", 200_000, 1, "月", 60, 12_000_000, "本番"),   # R05 R06
    line("共通", "ガバメントクラウド利用料", 190_000, 1, "月", 60, 11_400_000, "検証"),   # R04
    line("共通", "GC接続回線", 50_000, 1, "月", 60, 3_000_000),
    line("共通", "GC接続回線（予備）", 50_000, 1, "月", 60, 3_000_000),                  # R03 (+R02 same amount?)
    line("共通", "運用支援", None, 1, "式", None, 20_000_000),                           # R09
    line("共通", "SE作業", 1_000_000, 3, "人月", None, 3_000_000),
    line("共通", "データ移行作業", None, 1, "式", None, 5_000_000, "", "内訳は別紙"),
    ("subtotal",),
    ("total",),
]


def _sum_rows(spec):
    """Each row with its written amount; subtotal/total amounts computed from the lines."""
    since_sub = total = 0
    for row in spec:
        if row[0] == "line":
            since_sub += row[7]
            total += row[7]
            yield row, row[7]
        elif row[0] == "subtotal":
            yield row, since_sub
            since_sub = 0
        elif row[0] == "total":
            yield row, total
        else:
            yield row, None


def clean_rows(spec) -> list[list]:
    rows = []
    for row, amount in _sum_rows(spec):
        kind = row[0]
        if kind == "section":
            rows.append([row[2], row[1], None, None, None, None, None, None, None])
        elif kind == "line":
            rows.append(list(row[1:]))
        else:
            rows.append([None, "小計" if kind == "subtotal" else "合計", None, None, None, None, amount,
                         None, None])
    return rows


def clean_xlsx(spec) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "見積"
    ws.append(HEADER)
    for r in clean_rows(spec):
        ws.append(r)
    return _bytes(book)


def clean_csv(spec) -> bytes:
    return csv_estimate(clean_rows(spec))


MESSY = ("cover", "title", "merged", "split", "thousand", "incl", "fullwidth")


def _money(yen, thousand: bool, incl: bool):
    if yen is None:
        return None
    value = Decimal(yen) * (Decimal("1.1") if incl else 1) / (1000 if thousand else 1)
    return int(value) if value == int(value) else float(value)


def _full(value, as_text: bool):
    if value is None or not as_text:
        return value
    return f"{value:,}".translate(FULL)


def messy_xlsx(spec, aspects=MESSY) -> bytes:
    """The same estimate as vendors send it, with the chosen aspects of MESSY (default all):
    cover: a cover sheet with no table; title: title rows above the header (which names the
    unit and tax); merged: merged header, description, heading, subtotal and operation cells
    (the operation written once per block); split: the lines over two sheets, each with its
    own 合計; thousand: amounts in 千円; incl: amounts including tax (×1.1); fullwidth:
    every other line's numbers as full-width text and periods as `60ヶ月`."""
    on = set(aspects)
    book = Workbook()
    first = book.active
    if "cover" in on:
        first.title = "表紙"
        first["B3"] = "御見積書"
        first["B5"] = "サンプル市 御中"
        first["B7"] = "件名: 標準準拠システム 運用経費（60か月）"
        if "merged" in on:
            first.merge_cells("B3:F3")
    parts = [list(spec)]
    if "split" in on:
        sections = [i for i, r in enumerate(spec) if r[0] == "section"]
        at = sections[len(sections) // 2] if len(sections) > 1 else len(spec)
        body = [r for r in spec if r[0] != "total"]
        parts = [body[:at] + [("total",)], body[at:] + [("total",)]]
    unit = ("千円" if "thousand" in on else "円") + ("、消費税込" if "incl" in on else "、税抜")
    for n, part in enumerate(parts, start=1):
        ws = book.create_sheet(f"見積明細({n})") if ("cover" in on or n > 1) else first
        ws.title = f"見積明細({n})"
        if "title" in on:
            ws["A1"] = "御見積明細書"
            if "merged" in on:
                ws.merge_cells("A1:J1")
            ws["A2"] = f"（単位：{unit}）"
            ws.append([])
        elif "thousand" in on or "incl" in on:
            ws.append([f"単位：{unit}"])
        amount_head = "見積金額" if "title" in on else f"金額（{unit}）"
        ws.append(["No.", "対象業務", "作業項目", None, "単価", "数量", "単位", "期間(月)", amount_head,
                   "環境", "備考"])
        head = ws.max_row
        if "merged" in on:
            ws.merge_cells(start_row=head, start_column=3, end_row=head, end_column=4)
        block_start, block_op, number = None, None, 0
        money = lambda y: _money(y, "thousand" in on, "incl" in on)  # noqa: E731
        for row, amount in _sum_rows(part):
            r = ws.max_row + 1
            kind = row[0]
            if kind == "section":
                ws.cell(r, 3, row[1])
                if "merged" in on:
                    ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=10)
                block_start, block_op = r + 1, row[2]
                continue
            if kind == "line":
                number += 1
                _, op, desc, price, qty, unit_, period, amt, env, note = row
                text_form = "fullwidth" in on and number % 2 == 0
                ws.cell(r, 1, number)
                first_of_block = block_start is None or r == block_start or op != block_op
                ws.cell(r, 2, op if ("merged" not in on or first_of_block) else None)
                ws.cell(r, 3, desc)
                if "merged" in on:
                    ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=4)
                ws.cell(r, 5, _full(money(price), text_form))
                ws.cell(r, 6, _full(qty, text_form))
                ws.cell(r, 7, unit_)
                ws.cell(r, 8, (f"{period}ヶ月" if "fullwidth" in on else period) if period else None)
                ws.cell(r, 9, _full(money(amt), text_form))
                ws.cell(r, 10, env or None)
                ws.cell(r, 11, note or None)
                if block_start is not None and op != block_op:
                    block_start = None
                continue
            if "merged" in on and block_start is not None and r - 1 > block_start:
                ws.merge_cells(start_row=block_start, start_column=2, end_row=r - 1, end_column=2)
            block_start = None
            ws.cell(r, 3, "小計" if kind == "subtotal" else "合計")
            if "merged" in on:
                ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=8)
            ws.cell(r, 9, money(amount))
    return _bytes(book)


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_LOC = re.compile(r"シート「([^」]*)」(\d+)行目")


def fingerprint(result) -> dict:
    """What must not depend on layout: each counted line's mapping and yen, the flags by
    rule, amount and the label of the row they point at, the annual figures."""
    labels = {(l.sheet, l.row): l.description for l in result.estimate.lines}
    return {
        "lines": [(l.description, m.item_key, tuple(m.systems), m.shared, l.amount_yen, l.annual_yen)
                  for l, m in result.counted],
        # a location inside a message is replaced by the description of the row it names
        "flags": sorted((f.rule, f.amount_yen, labels.get((f.sheet, f.row)),
                         _LOC.sub(lambda m: f"«{labels.get((m[1], int(m[2])))}»", f.message_ja))
                        for f in result.flags),
        "annual": result.annual_yen_by_item,
    }
