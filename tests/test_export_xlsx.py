"""The XLSX tables: expected sheets, values equal to `summary --json`, formulas neutralised."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from export_fixtures import FY, PREF, PREF_CHARTS, catalog_specs, export, summary  # noqa: F401


@pytest.fixture(scope="module")
def book(demo_db):
    return load_workbook(export(demo_db, PREF, "xlsx", PREF_CHARTS))


def _rows(ws, header: str):
    """The rows under the header row whose first cell is `header`, as dicts."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == header)
    names = rows[start]
    return [dict(zip(names, r)) for r in rows[start + 1:] if any(v is not None for v in r)]


def test_sheets(book, catalog_specs):
    names = book.sheetnames
    assert names[:5] == ["概要", "基準超過", "業務別", "要因別", "定義"]
    assert names[5:] == ["推移", "業務別の比", "増減要因の内訳"]         # short names chosen, not cut titles
    for spec, name in zip(catalog_specs, names[5:]):
        assert book[name]["A1"].value == spec.title
    for ws in book.worksheets:
        text = " ".join(str(c.value) for row in ws.iter_rows(max_row=8) for c in row if c.value)
        assert "山口県" in text and "金額の単位：円" in text and "架空のデモデータ" in text, ws.title
        assert "JST" in text and "令和" in text, ws.title
        assert ws.freeze_panes is not None, ws.title


def test_summary_sheet_equals_summary_json(book, demo_db):
    expected = summary(demo_db, PREF)
    got = {r["キー（summary --json）"]: r["値"] for r in _rows(book["概要"], "項目")}
    for key in ("scope", "fiscal_year", "baseline_yen", "current_yen", "gap_to_target_yen",
                "pairs_matched", "pairs_with_baseline", "orgs_in_scope", "orgs_reporting",
                "orgs_over_baseline", "orgs_on_target", "unattributed_yen", "basis"):
        assert got[key] == expected[key], key
    units = {r["キー（summary --json）"]: r["単位"] for r in _rows(book["概要"], "項目")}
    assert units["baseline_yen"] == "円"
    # the sheet states the change (+ = increase), the negation of reduction_rate
    assert got["−reduction_rate"] == pytest.approx(-expected["reduction_rate"])
    assert got["−target_rate"] == pytest.approx(-expected["target_rate"])


def test_by_system_and_driver_sheets_equal_summary_json(book, demo_db):
    expected = summary(demo_db, PREF)
    rows = _rows(book["業務別"], "業務コード")
    assert [(r["業務コード"], r["基準年度額（円）"], r["対象年度額（円）"]) for r in rows] == \
        [(x["system"], x["baseline_yen"], x["current_yen"]) for x in expected["by_system"]]
    assert sum(r["対象年度額（円）"] for r in rows) == expected["current_yen"]
    drivers = _rows(book["要因別"], "要因コード")
    assert {r["要因コード"]: r["金額（円）"] for r in drivers} == \
        {x["driver"]: x["amount_yen"] for x in expected["by_driver"]}


def test_chart_sheets_hold_the_chart_tables(book, catalog_specs):
    """Amounts shown in 百万円 on screen are integer yen in the workbook (one unit per file)."""
    for spec, name in zip(catalog_specs, book.sheetnames[5:]):
        table = spec.table
        rows = _rows(book[name], str(table.columns[0]))
        assert len(rows) == len(table)
        first = {str(k): v for k, v in table.iloc[0].items()}
        for column, value in first.items():
            if column.endswith("(百万円)"):
                got = rows[0][column.removesuffix(" (百万円)") + "（円）"]
                assert got == round(value * 1_000_000)
                continue
            got = rows[0][column]
            if isinstance(value, float):
                assert got == pytest.approx(value)
            elif not pd.isna(value):
                assert str(got).lstrip("'") == str(value)


def test_over_baseline_sheet_is_ranked_by_excess(book, demo_db):
    rows = _rows(book["基準超過"], "順位")
    s = summary(demo_db, PREF)
    assert len(rows) == s["orgs_over_baseline"]
    excess = [r["超過額（円）"] for r in rows]
    assert excess == sorted(excess, reverse=True) and all(e > 0 for e in excess)
    for r in rows:
        assert r["超過額（円）"] == r["対象年度額（円）"] - r["基準年度額（円）"]
    ws = book["基準超過"]
    header = next(r for r in ws.iter_rows() if r[0].value == "順位")
    column = {c.value: c.column for c in header}
    first = header[0].row + 1
    assert ws.cell(first, column["基準年度比"]).number_format == "0.0%"
    assert ws.cell(first, column["超過額（円）"]).number_format == "#,##0"
    assert ws.auto_filter.ref.startswith(f"A{header[0].row}:")


def test_formula_like_text_is_neutralised():
    from dashboard.export import xlsx
    from dashboard.export.content import PackChart, PackContent
    from dashboard.export.stamp import ExportMeta
    s = {"scope": "national", "fiscal_year": FY, "baseline_yen": 10, "current_yen": 7,
         "reduction_rate": 0.3, "target_rate": 0.3, "gap_to_target_yen": 0, "pairs_matched": 1,
         "pairs_with_baseline": 1, "orgs_in_scope": 1, "orgs_reporting": 1, "orgs_over_baseline": 0,
         "orgs_on_target": 1, "unattributed_yen": -3, "basis": "actual", "by_system": [], "by_driver": []}
    evil = pd.DataFrame({"団体": ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "安全"],
                         "金額（円）": [1, 2, -3, 4, 5]})
    data = xlsx.write(PackContent(ExportMeta("全国", FY), s, [PackChart("evil", "=危険なタイトル", "-説明", evil)]))
    wb = load_workbook(io.BytesIO(data))
    ws = wb[wb.sheetnames[-1]]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    for cell in cells:
        assert cell.data_type != "f", cell.coordinate
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    values = [c.value for c in cells]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in values and "安全" in values
    assert -3 in values                                         # numbers stay numbers
