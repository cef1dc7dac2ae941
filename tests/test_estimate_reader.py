"""Reading estimates as vendors send them, and refusing bad input with sheet and row.

The messy workbook (cover sheet, title rows, merged cells, two sheets with their own
totals, 千円, 税込, full-width digits, 小計/合計 rows) must give the same mapping and flags
as its clean twin (estimate_fixtures.fingerprint)."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from dashboard.estimate import review
from dashboard.estimate.model import EstimateError
from estimate_fixtures import BASE, MESSY, clean_csv, clean_xlsx, csv_estimate, fingerprint, line, messy_xlsx

ORG = "352012"


def _review(name, body):
    return review.review(name, body, ORG)


def test_messy_layout_gives_the_same_mapping_and_flags_as_the_clean_one():
    clean = fingerprint(_review("clean.xlsx", clean_xlsx(BASE)))
    messy = fingerprint(_review("messy.xlsx", messy_xlsx(BASE)))
    as_csv = fingerprint(_review("clean.csv", clean_csv(BASE)))
    assert messy == clean
    assert as_csv == clean
    assert len(clean["flags"]) >= 8 and len(clean["lines"]) == 12


@pytest.mark.parametrize("aspect", MESSY)
def test_each_messy_aspect_alone_gives_the_clean_result(aspect):
    clean = fingerprint(_review("clean.xlsx", clean_xlsx(BASE)))
    assert fingerprint(_review(f"{aspect}.xlsx", messy_xlsx(BASE, aspects=(aspect,)))) == clean


def test_messy_totals_are_never_counted_twice():
    r = _review("messy.xlsx", messy_xlsx(BASE))
    kinds = [l.kind for l in r.estimate.lines]
    assert kinds.count("subtotal") == 3 and kinds.count("total") == 2 and kinds.count("section") == 3
    # the recurring lines by hand (tax-exclusive 60-month amounts, one-off migration left out):
    recurring = (6_000_000 + 3_100_000 + 1_800_000 + 4_800_000 + 2_400_000 + 12_000_000 + 11_400_000
                 + 3_000_000 + 3_000_000 + 20_000_000 + 3_000_000)
    assert r.annual_total_yen == recurring * 11 // 10 * 12 // 60
    assert not [f for f in r.flags if f.rule == "R01" and "小計" in f.message_ja]


def test_flag_rows_are_the_rows_excel_shows():
    body = messy_xlsx(BASE)
    r = _review("messy.xlsx", body)
    book = load_workbook(io.BytesIO(body))
    for f in r.flags:
        if f.rule in ("R01", "R09", "R10"):
            line_ = next(l for l in r.estimate.lines if (l.sheet, l.row) == (f.sheet, f.row))
            assert book[f.sheet].cell(f.row, 3).value == line_.description.replace("(", "（").replace(")", "）")


def test_negative_full_width_and_unplaced_rows():
    rows = [line("住基", "住民記録システム パッケージ利用料", None, None, "", "６０", "１，２００，０００")[1:],
            line("住基", "出精値引", None, None, "", 60, "△100,000")[1:],
            line("住基", "住民記録システム 帳票印刷", None, None, "", 60, "別途見積")[1:]]
    r = _review("e.csv", csv_estimate(rows))
    amounts = [(l.row, l.kind, l.amount_yen) for l in r.estimate.lines]
    assert amounts == [(2, "line", 1_320_000), (3, "line", -110_000), (4, "unplaced", None)]
    assert "別途見積" in r.estimate.lines[2].reason          # shown with its reason, never dropped


def test_yearly_amounts_are_not_divided():
    r = _review("y.csv", csv_estimate([["住基", "パッケージ利用料", 1_000_000]], header=["業務", "項目", "年額（税込）"]))
    assert r.annual_total_yen == 1_000_000


def _problems(name, body):
    with pytest.raises(EstimateError) as exc:
        _review(name, body)
    return exc.value.problems


def test_unreadable_workbook():
    [p] = _problems("broken.xlsx", b"PK\x03\x04 not really a zip")
    assert "読み取れません" in p.ja and "cannot be read" in p.en and p.sheet == "broken.xlsx"


def test_no_amount_column_names_the_sheet():
    book = Workbook()
    book.active.title = "明細"
    book.active.append(["項目", "数量"])
    book.active.append(["パッケージ利用料", 1])
    out = io.BytesIO()
    book.save(out)
    [p] = _problems("noamount.xlsx", out.getvalue())
    assert p.sheet == "明細" and "金額の列が見つかりません" in p.ja and "no amount column" in p.en
    assert "シート「明細」" in str(p)


def test_mixed_tax_basis_names_sheets_and_rows():
    book = Workbook()
    for title, basis in (("A", "（税込）"), ("B", "（税抜）")):
        ws = book.create_sheet(title)
        ws.append([f"単位：円 {basis}"])
        ws.append(["項目", "金額"])
        ws.append(["パッケージ利用料", 100])
    del book["Sheet"]
    out = io.BytesIO()
    book.save(out)
    problems = _problems("mixed.xlsx", out.getvalue())
    assert "混在" in problems[0].ja and "mixes" in problems[0].en
    assert {(p.sheet, p.row) for p in problems[1:]} == {("A", 1), ("B", 1)}


def test_mixed_tax_column():
    body = csv_estimate([["パッケージ利用料", 100, "税込"], ["パッケージ保守", 100, "税抜"]],
                        header=["項目", "金額", "税区分"])
    problems = _problems("mixed.csv", body)
    assert {p.row for p in problems[1:]} == {2, 3}


def test_every_line_unmapped_is_reported_with_sheet_and_row():
    r = _review("u.csv", csv_estimate([["", "謎の費用A", None, None, "", 60, 1000],
                                       ["", "謎の費用B", None, None, "", 60, 2000]]))
    [p] = r.problems
    assert (p.sheet, p.row) == ("u.csv", 2) and "対応付けられませんでした" in p.ja and "mapped" in p.en


def test_a_workbook_over_the_cell_cap_is_refused_before_openpyxl(monkeypatch):
    from dashboard.estimate import reader
    monkeypatch.setattr(reader, "MAX_CELLS", 50)      # the messy workbook has about 150 cells
    [p] = _problems("big.xlsx", messy_xlsx(BASE))
    assert "大きすぎます" in p.ja and "too large" in p.en


def test_a_vertically_merged_operation_cell_applies_to_every_line_of_its_block():
    book = Workbook()
    ws = book.active
    ws.append(["業務", "項目", "金額"])
    ws.append(["介護保険", "パッケージ利用料", 100])
    ws.append([None, "パッケージ保守", 200])
    ws.append([None, "帳票印刷", 300])
    ws.append(["国保", "パッケージ利用料", 400])
    ws.merge_cells("A2:A4")
    out = io.BytesIO()
    book.save(out)
    r = _review("merged.xlsx", out.getvalue())
    assert [(m.systems, m.shared) for _, m in r.counted] == [(["14"], False)] * 3 + [(["10"], False)]


def test_a_summary_sheet_is_shown_but_not_counted():
    book = Workbook()
    summary_ws = book.active
    summary_ws.title = "総括表"
    summary_ws.append(["項目", "金額"])
    summary_ws.append(["明細 合計", 1_000_000])
    detail = book.create_sheet("明細")
    detail.append(["業務", "項目", "期間", "金額"])
    detail.append(["住基", "パッケージ利用料", 60, 1_000_000])
    out = io.BytesIO()
    book.save(out)
    r = _review("sum.xlsx", out.getvalue())
    assert [(l.sheet, l.kind) for l in r.estimate.lines] == [("総括表", "summary"), ("明細", "line")]
    assert r.annual_total_yen == 220_000                   # 1,000,000 × 1.1 / 5, once


def test_shift_jis_csv_reads_like_utf8():
    text = clean_csv(BASE).decode("utf-8")
    assert fingerprint(_review("sjis.csv", text.encode("cp932"))) == fingerprint(_review("u.csv", clean_csv(BASE)))
