"""Check digits and 団体名 mismatches in every combination: several rows, the bad row in any
position, with and without a 団体名 column, CSV and XLSX.

A file with a 団体名 column and one wrong check digit once crashed the name check
(「想定外のエラー (KeyError: nan)」) instead of naming the right code. The expected problems
below are written out by hand from the reference list (下関市 352012, 宇部市 352021,
山口市 352039); the wrong codes differ only in the sixth digit.
"""
from __future__ import annotations

import itertools

import pytest

from dashboard.ingest import errors, pipeline
from tests.ingest_fixtures import csv_bytes, xlsx_bytes

GOOD = [("352012", "下関市"), ("352021", "宇部市"), ("352039", "山口市")]
WRONG_DIGIT = {"352012": "352013", "352021": "352022", "352039": "352030"}
FAULTS = ("check_digit", "name", "check_digit_and_name")


def _file(rows: list[list], fmt: str) -> tuple[str, bytes]:
    return (f"costs.{fmt}", csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows))


def _rows(with_name: bool, bad_at: int | None, fault: str | None) -> list[list]:
    head = ["団体コード"] + (["団体名"] if with_name else []) + ["年度", "業務", "費目", "区分", "金額"]
    rows = [head]
    for i, (code, name) in enumerate(GOOD):
        if i == bad_at and fault in ("check_digit", "check_digit_and_name"):
            code = WRONG_DIGIT[code]
        if i == bad_at and fault in ("name", "check_digit_and_name"):
            name = GOOD[(i + 1) % 3][1]          # a neighbour's name
        rows.append([code] + ([name] if with_name else []) + ["2018", "01", "sw_lease", "実績", "1000"])
    return rows


CASES = [(fmt, with_name, bad_at, fault)
         for fmt, with_name, bad_at, fault in itertools.product(("csv", "xlsx"), (True, False), range(3), FAULTS)
         if with_name or fault == "check_digit"]


@pytest.mark.parametrize("fmt,with_name,bad_at,fault", CASES)
def test_one_bad_row_is_named_with_the_right_code(fmt, with_name, bad_at, fault):
    check = pipeline.check_file(*_file(_rows(with_name, bad_at, fault), fmt))
    assert check.rows is None
    text = [str(p) for p in check.problems]
    assert not any("想定外" in t for t in text), text
    code, name = GOOD[bad_at]
    row = bad_at + 2                               # header = spreadsheet row 1
    found = [(p.row, p.column, p.value, p.hint) for p in check.problems]
    if fault == "name":
        wrong_name = GOOD[(bad_at + 1) % 3][1]
        assert found == [(row, "団体名", wrong_name, f"{code} は「{name}」です / {code} is {name}")]
    else:
        # A wrong check digit is reported on the code; the name is not checked against a code
        # that does not exist (that would only repeat the problem).
        assert found == [(row, "団体コード", WRONG_DIGIT[code],
                          f"正しくは {code}（{name}）/ did you mean {code} ({name})?")]


@pytest.mark.parametrize("fmt", ("csv", "xlsx"))
@pytest.mark.parametrize("with_name", (True, False))
def test_clean_files_pass(fmt, with_name):
    check = pipeline.check_file(*_file(_rows(with_name, None, None), fmt))
    assert check.problems == [] and len(check.rows) == 3
    assert sorted(check.rows["org_code"]) == ["352012", "352021", "352039"]


def test_every_row_bad_at_once():
    rows = _rows(True, None, None)
    for r in rows[1:]:
        r[0] = WRONG_DIGIT[r[0]]
    check = pipeline.check_file(*_file(rows, "csv"))
    assert [(p.row, p.column) for p in check.problems] == [(2, "団体コード"), (3, "団体コード"), (4, "団体コード")]


def test_validation_table_has_blank_cells_not_none():
    """A problem about the whole file has no row, column or value: the cells are empty strings."""
    check = pipeline.check_file("empty.csv", csv_bytes([["団体コード", "年度", "業務", "費目", "区分", "金額"]]))
    frame = errors.problems_frame(check.problems)
    assert len(frame) == 1
    cells = frame.iloc[0].tolist()
    assert None not in cells and "None" not in map(str, cells) and "<NA>" not in map(str, cells)
    assert frame.iloc[0]["行 / row"] == "" and frame.iloc[0]["値 / value"] == ""
