"""Every accepted shape of docs/import-format.md reads to the same, hand-worked figures."""
from __future__ import annotations

import pytest

from dashboard.ingest import normalise as nz
from dashboard.ingest import pipeline
from ingest_fixtures import csv_bytes, current_costs, current_drivers, current_status, new_db, xlsx_bytes


@pytest.mark.parametrize("text,fy", [
    ("2018", 2018), ("H30", 2018), ("h30", 2018), ("平成30年度", 2018), ("平成３０年度", 2018),
    ("Ｈ３０", 2018), ("H31", 2019), ("R7", 2025), ("令和7年度", 2025), ("令和７年度", 2025),
    ("令和元年度", 2019), ("令和元年", 2019), ("R1", 2019), ("２０２６", 2026), ("2026年度", 2026),
    ("FY2027", 2027), (" R8 ", 2026), ("2018.0", 2018),
])
def test_fiscal_years(text, fy):
    assert nz.parse_fiscal_year(nz.trim(text)) == fy


@pytest.mark.parametrize("text", ["", "R", "平成", "18", "1999", "令和0年度", "2018-19", "H30.5.1"])
def test_bad_fiscal_years(text):
    assert isinstance(nz.parse_fiscal_year(text), nz.Bad)


@pytest.mark.parametrize("text,code", [
    ("352012", "352012"), ("35201", "352012"), ("３５２０１２", "352012"), ("３５２０１", "352012"),
    ("010006", "010006"), ("01000", "010006"),
    ("11002", "011002"),      # 011002 typed into a number cell: Excel dropped the zero
    ("1100", "011002"),       # 5-digit 01100 that lost its zero
])
def test_org_codes(text, code):
    assert nz.parse_org_code(text) == code


@pytest.mark.parametrize("text,code", [
    ("1", "01"), ("01", "01"), ("１", "01"), ("juki", "01"), ("住民基本台帳", "01"), ("20", "20"),
    ("子ども・子育て支援", "20"), ("子ども子育て支援", "20"), ("Resident registry", "01"), ("16.0", "16"),
])
def test_systems(text, code):
    assert nz.parse_system(text) == code


@pytest.mark.parametrize("text,key", [
    ("sw_lease", "sw_lease"), ("ソフトウェア借料（パッケージ利用料）", "sw_lease"), ("ソフトウェア借料", "sw_lease"),
    ("ソフトウェア借料(パッケージ利用料)", "sw_lease"), ("通信回線費", "network"),
    ("通信回線費（GC接続回線を除く）", "network"), ("ＧＣ＿ＯＰＳ", "gc_ops"), ("運用管理補助委託費", "gc_ops"),
])
def test_cost_items(text, key):
    assert nz.parse_cost_item(text) == key


@pytest.mark.parametrize("text,basis", [("実績", "actual"), ("予算", "budget"), ("見積", "estimate"),
                                        ("Actual", "actual"), ("estimate", "estimate")])
def test_basis(text, basis):
    assert nz.parse_basis(text) == basis


def test_amounts_all_shapes():
    import pandas as pd
    raw = pd.Series(["1234", "1,234", "１，２３４", "-1,234", "△1,234", "▲1234", "0", "1,234,567",
                     "12.5", "1,234円", "  987 "], dtype="str")
    yen = pd.Series([1] * 8 + [1000, 1, 1], dtype="int64")
    values, problems = nz.amounts_to_yen(raw, yen)
    assert problems.isna().all()
    assert values.tolist() == [1234, 1234, 1234, -1234, -1234, -1234, 0, 1234567, 12500, 1234, 987]


@pytest.mark.parametrize("text", ["12.5", "abc", "1,23", "1.2.3", "", "1e6", "99999999999999999999"])
def test_bad_amounts_in_yen(text):
    import pandas as pd
    _, problems = nz.amounts_to_yen(pd.Series([text], dtype="str"), pd.Series([1], dtype="int64"))
    assert problems.notna().all()


@pytest.mark.parametrize("header,field,unit", [
    ("金額", "amount", None), ("金額（千円）", "amount", "sen"), ("金額(千円)", "amount", "sen"),
    ("金額【円】", "amount", "yen"), ("amount_yen", "amount", None), ("Amount (thousand yen)", "amount", "sen"),
    ("団体コード", "org_code", None), ("ORG_CODE", "org_code", None), ("　備考　", "note", None),
    ("単位", "unit", None), ("金額（百万円）", None, None), ("単价", None, None),
])
def test_headers(header, field, unit):
    assert nz.header_field(nz.trim(header)) == (field, unit)


# ---------------------------------------------------------------- end to end
EXPECTED = [  # worked out by hand from the rows below
    ("010006", 2018, "16", "sw_lease", "actual", 5_000_000),
    ("352012", 2018, "01", "sw_lease", "actual", 1_234_000),
    ("352012", 2025, "01", "gc_usage", "estimate", 700_000),
    ("352012", 2025, "07", "network", "budget", 1_500),
]


def test_japanese_headers_title_rows_units_and_spaces(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    rows = [["令和7年度 運用経費調査", "", "", "", "", "", ""], ["", "", "", "", "", "", ""],
            ["団体コード", "年度", "業務", "費目", "区分", "金額（千円）", "備考"],
            ["\u00a0352012\u3000", "H30", "住民基本台帳", "ソフトウェア借料（パッケージ利用料）", "実績", "1,234", ""],
            ["", "", "", "", "", "", ""],
            ["35201", "令和7年度", "01", "ガバメントクラウド利用料", "見積", "７００", "試算"],
            ["010006", "平成30年度", "生活保護", "sw_lease", "実績", "5,000", ""],
            ["352012", "R7", "個人住民税", "通信回線費", "予算", "1.5", ""]]
    report = pipeline.import_files(db, [("調査票.csv", csv_bytes(rows))])
    assert report.ok, report.problems
    assert current_costs(db) == EXPECTED


def test_english_headers_unit_column_and_bom(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    rows = [["fiscal_year", "org_code", "system", "cost_item", "basis", "amount_yen", "unit", "note"],
            ["2018", "352012", "juki", "sw_lease", "actual", "1234", "千円", ""],
            ["2025", "352012", "1", "gc_usage", "estimate", "700000", "円", ""],
            ["2018", "010006", "16", "ソフトウェア借料", "actual", "5000000", "", ""],
            ["2025", "352012", "kojin_juminzei", "network", "budget", "1,500", "yen", ""]]
    report = pipeline.import_files(db, [("costs.csv", b"\xef\xbb\xbf" + csv_bytes(rows))])
    assert report.ok, report.problems
    assert current_costs(db) == EXPECTED


def test_xlsx_with_numbers_in_cells(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    rows = [["団体コード", "年度", "業務", "費目", "区分", "金額", "単位"],
            [352012, 2018, 1, "sw_lease", "実績", 1234000, None],
            [35201, "R7", 1, "gc_usage", "見積", 700, "千円"],
            [10006, 2018, 16, "sw_lease", "実績", 5000000, None],   # 010006 as a number
            [352012, 2025, 7, "network", "予算", 1500, "円"]]
    report = pipeline.import_files(db, [("costs.xlsx", xlsx_bytes(rows, [["調査票"], []]))])
    assert report.ok, report.problems
    assert current_costs(db) == EXPECTED


def test_driver_file_negative_signs(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    rows = [["団体コード", "年度", "業務", "要因コード", "金額（千円）"],
            ["352012", "R8", "01", "S01", "1,200"], ["352012", "R8", "01", "M104", "△300"],
            ["352012", "R8", "01", "M201", "▲1,000"], ["352012", "R8", "02", "E01", "-50"],
            ["352012", "R8", "02", "F01 サービスレベル向上（セキュリティ・大規模災害対策）", "0"]]
    report = pipeline.import_files(db, [("drivers.csv", csv_bytes(rows))])
    assert report.ok, report.problems
    assert report.checks[0].kind == "drivers"
    assert current_drivers(db) == [("352012", 2026, "01", "M104", -300_000), ("352012", 2026, "01", "M201", -1_000_000),
                                   ("352012", 2026, "01", "S01", 1_200_000), ("352012", 2026, "02", "E01", -50_000),
                                   ("352012", 2026, "02", "F01", 0)]


def test_status_file(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    rows = [["団体コード", "業務", "移行状況", "移行予定年度", "備考"],
            ["352012", "住民基本台帳", "移行済", "", ""], ["352012", "戸籍", "特定移行支援", "令和9年度", "遅延"],
            ["35201", "03", "移行中", "", ""]]
    report = pipeline.import_files(db, [("status.csv", csv_bytes(rows))])
    assert report.ok, report.problems
    assert current_status(db) == [("352012", "01", "migrated", None), ("352012", "02", "delayed", 2027),
                                  ("352012", "03", "migrating", None)]


def test_org_name_column_is_checked_but_accepted_when_right(tmp_path):
    rows = [["団体コード", "団体名", "年度", "業務", "費目", "区分", "金額"],
            ["352012", "下関市", "2018", "01", "sw_lease", "実績", "1"],
            ["352012", "山口県下関市", "2018", "02", "sw_lease", "実績", "1"]]
    check, = pipeline.check_files([("c.csv", csv_bytes(rows))])
    assert check.ok, check.problems


def test_blank_and_space_only_lines_are_skipped_but_counted():
    text = "団体コード,年度,業務,費目,区分,金額\r\n352012,2018,01,sw_lease,実績,1\r\n  ,\u3000,,,,\r\n,,,,,\r\n\r\n" \
           "352012,2018,02,sw_lease,実績,x\r\n"
    check, = pipeline.check_files([("a.csv", text.encode())])
    assert [(p.row, p.column) for p in check.problems] == [(6, "金額")]
