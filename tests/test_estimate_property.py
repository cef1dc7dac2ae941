"""Property: the arithmetic checks (R01) never flag a consistent estimate — whatever the
prices, quantities (decimal too), periods, sections, subtotals, units (円 or 千円), tax
basis, or whether the product includes the period."""
from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from dashboard.estimate import review
from estimate_fixtures import HEADER, csv_estimate

line_st = st.fixed_dictionaries({
    "price": st.integers(min_value=0, max_value=50_000_000),
    "qty": st.one_of(st.integers(min_value=0, max_value=500),
                     st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)),
    "period": st.one_of(st.none(), st.integers(min_value=1, max_value=120)),
    "unit": st.sampled_from(["月", "人月", "式", "台", "GB", "時間"]),
})
estimate_st = st.lists(st.lists(line_st, min_size=1, max_size=6), min_size=1, max_size=4)


def _rows(sections, with_total: bool):
    rows, grand = [], Decimal(0)
    for n, lines in enumerate(sections):
        rows.append(["共通", f"【区分{n}】", None, None, None, None, None, None, None])
        sub = Decimal(0)
        for i, ln in enumerate(lines):
            product = Decimal(ln["price"]) * Decimal(ln["qty"]) * (ln["period"] or 1)
            amount = int(product.quantize(Decimal(1), rounding=ROUND_HALF_UP))
            sub += amount
            rows.append(["共通", f"作業{n}-{i}", ln["price"], str(ln["qty"]), ln["unit"], ln["period"],
                         amount, None, None])
        rows.append([None, "小計", None, None, None, None, int(sub), None, None])
        grand += sub
    if with_total:
        rows.append([None, "合計", None, None, None, None, int(grand), None, None])
    return rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(estimate_st, st.booleans())
def test_consistent_csv_estimates_are_never_flagged(sections, with_total):
    r = review.review("p.csv", csv_estimate(_rows(sections, with_total)), "352012")
    assert [f for f in r.flags if f.rule == "R01"] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(estimate_st, st.sampled_from(["（単位：千円）", "（単位：円、税込）", "（単位：千円、税抜）"]))
def test_consistent_workbooks_in_any_unit_and_tax_basis_are_never_flagged(sections, title):
    book = Workbook()
    ws = book.active
    ws.append(["御見積書"])
    ws.append([title])
    ws.append(HEADER)
    for row in _rows(sections, True):
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    r = review.review("p.xlsx", out.getvalue(), "352012")
    assert [f for f in r.flags if f.rule == "R01"] == []


def test_the_property_can_fail():
    """The same generator with one amount off by 2 units is flagged (the check is alive)."""
    rows = _rows([[{"price": 1000, "qty": 3, "period": 12, "unit": "月"}]], True)
    rows[1][6] += 2
    r = review.review("p.csv", csv_estimate(rows), "352012")
    assert [f.row for f in r.flags if f.rule == "R01"] == [3, 4, 5]
