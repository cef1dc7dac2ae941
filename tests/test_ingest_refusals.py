"""Each refusal of docs/import-format.md: a clear, located message; nothing changes."""
from __future__ import annotations

import pytest

from conftest import summary_json
from dashboard.ingest import pipeline
from dashboard.scope import Scope
from ingest_fixtures import checksum, csv_bytes, new_db, xlsx_bytes

HEAD = ["団体コード", "年度", "業務", "費目", "区分", "金額"]
GOOD = ["352012", "2018", "01", "sw_lease", "実績", "1000"]


def problems(name, content, **kw):
    check, = pipeline.check_files([(name, content)], **kw)
    assert not check.ok and check.rows is None
    return check.problems


def only(name, content, **kw):
    found = problems(name, content, **kw)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_wrong_check_digit_suggests_the_right_code_with_name():
    p = only("a.csv", csv_bytes([HEAD, ["352013", "2018", "01", "sw_lease", "実績", "1"]]))
    assert (p.row, p.column, p.value) == (2, "団体コード", "352013")
    assert "検査数字" in p.reason_ja and "check digit" in p.reason_en
    assert "352012" in p.hint and "下関市" in p.hint


def test_unknown_operation_suggests_close_names():
    p = only("a.csv", csv_bytes([HEAD, GOOD, ["352012", "2018", "住民基本台長", "sw_lease", "実績", "1"]]))
    assert (p.row, p.column) == (3, "業務")
    assert "住民基本台帳" in p.hint


def test_every_problem_at_once_with_spreadsheet_rows():
    rows = [HEAD, ["35201X", "2018", "01", "sw_lease", "実績", "1"], GOOD,
            ["352012", "H99", "99", "謎", "確定", "abc"]]
    found = problems("a.csv", csv_bytes(rows))
    assert [(p.row, p.column) for p in found] == [(2, "団体コード"), (4, "年度"), (4, "業務"), (4, "費目"),
                                                  (4, "区分"), (4, "金額")]


def test_xlsx_rows_are_the_real_workbook_rows():
    rows = [HEAD, GOOD, [352012, 2018, 2, "sw_lease", "実績", -5]]
    p = only("a.xlsx", xlsx_bytes(rows, [["令和7年度 調査票"], [], ["作成: 下関市"], []]))
    assert p.row == 7 and p.column == "金額" and "negative" in p.reason_en


def test_duplicate_key_names_both_rows():
    p = only("a.csv", csv_bytes([HEAD, GOOD, ["352012", "H30", "juki", "ソフトウェア借料", "actual", "5"]]))
    assert p.row == 3 and "2行目と3行目" in p.reason_ja and "rows 2 and 3" in p.reason_en


def test_negative_cost():
    p = only("a.csv", csv_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "△1,000"]]))
    assert "負" in p.reason_ja and p.row == 2


def test_unknown_column_is_refused_with_a_suggestion():
    p = only("a.csv", csv_bytes([HEAD + ["単価"], GOOD + ["千円"]]))
    assert p.column == "単価" and p.row == 1 and "unknown column" in p.reason_en
    assert "単位" in p.hint


def test_missing_required_column():
    p = only("a.csv", csv_bytes([HEAD[:-1], GOOD[:-1]]))
    assert p.column == "金額" and "required" in p.reason_en


@pytest.mark.parametrize("content", [b"", b"   \r\n", b"\xef\xbb\xbf"])
def test_empty_file(content):
    p = only("a.csv", content)
    assert "空" in p.reason_ja and "empty" in p.reason_en


def test_header_only():
    p = only("a.csv", csv_bytes([HEAD]))
    assert "no data rows" in p.reason_en


def test_xlsx_named_csv_and_csv_named_xlsx_and_xls():
    assert "binary" in only("a.csv", xlsx_bytes([HEAD, GOOD])).reason_en
    assert "not an Excel workbook" in only("a.xlsx", csv_bytes([HEAD, GOOD])).reason_en
    assert ".xls" in only("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100).reason_en
    assert "legacy" in only("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100).reason_en
    assert "unsupported" in only("a.pdf", b"%PDF-1.4").reason_en


def test_damaged_xlsx():
    p = only("a.xlsx", b"PK\x03\x04" + b"garbage" * 20)
    assert "workbook" in p.reason_en


def test_undecodable_text():
    p = only("a.csv", bytes(range(128, 256)) * 4)
    assert "encoding" in p.reason_en


def test_no_header_row():
    p = only("a.csv", csv_bytes([["a", "b"], ["1", "2"]]))
    assert "header" in p.reason_en


def test_mixed_kinds_refused():
    p = only("a.csv", csv_bytes([HEAD + ["要因コード"], GOOD + ["S01"]]))
    assert "different kinds" in p.reason_en


def test_column_of_another_kind():
    p = only("a.csv", csv_bytes([HEAD + ["移行予定年度"], GOOD + ["2027"]]))
    assert p.column == "移行予定年度"


def test_unit_contradicting_the_header():
    p = only("a.csv", csv_bytes([["団体コード", "年度", "業務", "費目", "区分", "金額（千円）", "単位"],
                                 ["352012", "2018", "01", "sw_lease", "実績", "1", "円"]]))
    assert p.column == "単位" and p.row == 2


def test_fraction_of_a_yen():
    p = only("a.csv", csv_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "1.5"]]))
    assert "whole yen" in p.reason_en


def test_org_name_mismatch():
    p = only("a.csv", csv_bytes([["団体コード", "団体名"] + HEAD[1:], ["352012", "宇部市"] + GOOD[1:]]))
    assert "下関市" in p.hint


def test_outside_allowed_scope_refuses_the_whole_file():
    rows = [HEAD, GOOD, ["011002", "2018", "01", "sw_lease", "実績", "1"]]
    p = only("a.csv", csv_bytes(rows), allowed=Scope("pref", "35"))
    assert p.row == 3 and p.value == "011002" and "scope" in p.reason_en
    assert pipeline.check_files([("a.csv", csv_bytes(rows[:2]))], allowed=Scope("pref", "35"))[0].ok


def test_import_files_with_allowed_changes_nothing(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    before = checksum(db)
    report = pipeline.import_files(db, [("a.csv", csv_bytes([HEAD, ["011002"] + GOOD[1:]]))],
                                   allowed=Scope("org", "352012"))
    assert not report.ok and report.problems[0].row == 2
    assert checksum(db) == before


def test_two_files_with_the_same_key_in_one_import(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    before = checksum(db)
    report = pipeline.import_files(db, [("a.csv", csv_bytes([HEAD, GOOD])), ("b.csv", csv_bytes([HEAD, GOOD]))])
    assert not report.ok and "a.csv" in report.problems[0].reason_en
    assert checksum(db) == before


def test_one_bad_file_blocks_the_good_one(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    before = checksum(db)
    report = pipeline.import_files(db, [("good.csv", csv_bytes([HEAD, GOOD])),
                                        ("bad.csv", csv_bytes([HEAD, ["352013"] + GOOD[1:]]))])
    assert not report.ok and checksum(db) == before


# ---------------------------------------------------------------- the CLI
REFUSED = {
    "check_digit.csv": (csv_bytes([HEAD, GOOD, ["352013"] + GOOD[1:]]), "3行目"),
    "negative.csv": (csv_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "-1"]]), "2行目"),
    "duplicate.csv": (csv_bytes([HEAD, GOOD, GOOD]), "2行目と3行目"),
    "unknown_column.csv": (csv_bytes([HEAD + ["単価"], GOOD + ["1"]]), "単価"),
    "missing.csv": (csv_bytes([HEAD[:-1], GOOD[:-1]]), "金額"),
    "empty.csv": (b"", "empty"),
    "workbook.csv": (xlsx_bytes([HEAD, GOOD]), "binary"),
    "title_rows.xlsx": (xlsx_bytes([HEAD, ["352012", "2018", "01", "sw_lease", "実績", "x"]], [["表題"], []]), "4行目"),
}


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory):
    db = new_db(tmp_path_factory.mktemp("cli") / "t.duckdb")
    rows = [HEAD, GOOD, ["352012", "2026", "01", "sw_lease", "見積", "800"]]
    assert pipeline.import_files(db, [("seed.csv", csv_bytes(rows))]).ok
    return db


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_cli_refusal_exits_non_zero_names_the_row_and_changes_nothing(cli, seeded_db, tmp_path, name):
    content, expected = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(content)
    summary = summary_json(seeded_db, 2026)
    raw = seeded_db.read_bytes()
    result = cli("import", "--db", seeded_db, path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and expected in result.stderr and name in result.stderr
    assert "nothing was imported" in result.stderr or "何も取り込んでいません" in result.stderr
    assert seeded_db.read_bytes() == raw
    assert summary_json(seeded_db, 2026) == summary


def test_cli_dry_run_writes_nothing(cli, seeded_db, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_bytes(csv_bytes([HEAD, ["352012", "2026", "02", "sw_lease", "見積", "5"]]))
    raw = seeded_db.read_bytes()
    result = cli("import", "--db", seeded_db, "--dry-run", path)
    assert result.returncode == 0 and "dry run" in result.stdout
    assert seeded_db.read_bytes() == raw
