"""`python -m dashboard review`: the exact JSON fields, Excel row numbers, the review
workbook's 質問事項 column, and bad input refused with sheet and row (a real subprocess
on a real database)."""
from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from estimate_db import TARGET, build as build_db
from estimate_fixtures import BASE, csv_estimate, line, messy_xlsx


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("cli") / "cli.duckdb")


def test_review_json_fields_and_values(db, tmp_path, cli):
    est = tmp_path / "vendor.csv"
    est.write_bytes(csv_estimate([
        line("住基", "住民記録システム パッケージ利用料", 100_000, 1, "月", 60, 6_000_000)[1:],
        line("介護", "介護保険システム パッケージ保守", 50_000, 1, "月", 60, 3_500_000)[1:],   # R01
        line("共通", "=HYPERLINK(\"http://x\")", None, None, "", 60, 600_000)[1:],          # unmapped
    ]))
    out = tmp_path / "review.xlsx"
    result = cli("review", "--db", db, "--org", TARGET, est, "--out", out, "--json")
    assert result.returncode == 0, result.stderr
    j = json.loads(result.stdout)
    assert list(j) == ["lines", "mapped", "unmapped", "annual_yen_by_item", "annual_total_yen",
                       "baseline_yen", "target_yen", "flags"]
    assert (j["lines"], j["mapped"], j["unmapped"]) == (3, 2, 1)
    # by hand: 6,000,000 × 1.1 / 5 = 1,320,000; 3,500,000 × 1.1 / 5 = 770,000
    assert j["annual_yen_by_item"]["sw_lease"] == 1_320_000
    assert j["annual_yen_by_item"]["sw_maint"] == 770_000
    assert j["annual_total_yen"] == 2_090_000
    assert (j["baseline_yen"], j["target_yen"]) == (23_000_000, 16_100_000)   # 01 + 14, ×0.7
    [flag] = j["flags"]
    assert set(flag) == {"rule", "sheet", "row", "severity", "amount_yen", "message_ja", "message_en"}
    assert (flag["rule"], flag["sheet"], flag["row"], flag["amount_yen"]) == ("R01", "vendor.csv", 3, 3_850_000)
    book = load_workbook(out)
    ws = book["見積明細"]
    header = [c.value for c in ws[1]]
    q = header.index("質問事項") + 1
    by_row = {ws.cell(r, 2).value: ws.cell(r, q).value for r in range(2, ws.max_row + 1)}
    assert "算出根拠" in by_row[3] and by_row[2] is None
    # the vendor's formula-like description went back as text, neutralised
    d = header.index("項目") + 1
    cell = ws.cell(4, d)
    assert cell.value.startswith("'=HYPERLINK") and cell.data_type == "s"


def test_review_rows_of_a_messy_workbook(db, tmp_path, cli):
    est = tmp_path / "messy.xlsx"
    est.write_bytes(messy_xlsx(BASE))
    j = json.loads(cli("review", "--db", db, "--org", TARGET, est, "--json").stdout)
    r01 = [f for f in j["flags"] if f["rule"] == "R01"]
    # 表紙, then 見積明細(1): title row 1, note row 2, blank 3, header 4, section 5, lines 6-8
    assert [(f["sheet"], f["row"]) for f in r01] == [("見積明細(1)", 7)]


def test_bad_input_is_refused_with_sheet_and_row(db, tmp_path, cli):
    est = tmp_path / "noamount.csv"
    est.write_bytes(csv_estimate([["パッケージ利用料", 1]], header=["項目", "数量"]))
    result = cli("review", "--db", db, "--org", TARGET, est, "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert "金額の列が見つかりません" in result.stderr and "no amount column" in result.stderr
    assert "シート「noamount.csv」" in result.stderr and "Traceback" not in result.stderr


def test_unknown_org_is_refused(db, tmp_path, cli):
    est = tmp_path / "a.csv"
    est.write_bytes(csv_estimate([line("住基", "パッケージ利用料", None, None, "", 60, 100)[1:]]))
    result = cli("review", "--db", db, "--org", "999999", est)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_as_user_reviews_only_within_that_accounts_scope(db, tmp_path, cli, monkeypatch):
    from dashboard import accounts
    from dashboard.scope import Scope
    users = tmp_path / "users.toml"
    accounts.add("clerk", Scope("org", TARGET), password="correct horse battery", path=users)
    accounts.add("other", Scope("org", "131016"), password="correct horse battery", path=users)
    env = {"SANWARI_USERS": str(users)}
    est = tmp_path / "a.csv"
    est.write_bytes(csv_estimate([line("住基", "パッケージ利用料", None, None, "", 60, 100)[1:]]))
    mine = cli("review", "--db", db, "--org", TARGET, est, "--json", "--as-user", "clerk", env=env)
    assert mine.returncode == 0 and json.loads(mine.stdout)["lines"] == 1
    theirs = cli("review", "--db", db, "--org", TARGET, est, "--json", "--as-user", "other", env=env)
    assert theirs.returncode == 2 and theirs.stdout == "" and "範囲" in theirs.stderr
