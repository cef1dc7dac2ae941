"""Bad cloud input is refused with the row named, and nothing is imported."""
from __future__ import annotations

import os

import pytest

import cloud_fixtures as cf
from conftest import run_cli
from dashboard import store
from dashboard.cloud import importer, lake


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "c.duckdb"
    with store.writer(path, create=True):
        pass
    cf.scenario(tmp_path / "in")
    return path


def refused(db, *paths) -> list:
    before = os.stat(db).st_mtime_ns
    with pytest.raises(importer.Refused) as caught:
        importer.import_paths(db, list(paths))
    assert os.stat(db).st_mtime_ns == before                       # the live file was not replaced
    assert not lake.root(db).exists() or not any(lake.root(db).iterdir())   # no Parquet left
    return caught.value.problems


def azure(tmp_path, name="bad.csv", **change):
    rows = cf.azure_rows()
    rows[2].update(change)       # the third data row
    return cf.write(tmp_path / name, "1.2", rows)


def test_not_focus(db, tmp_path):
    other = cf.text_file(tmp_path / "other.csv", ["date", "amount"], [["2026-04-01", "5"]])
    [p] = refused(db, other)
    assert "not a FOCUS" in p.reason_en


def test_missing_mandatory_column_names_version_and_column(db, tmp_path):
    cols = [c for c in cf.COLUMNS["1.3"] if c != "ContractedCost"]
    path = cf.write(tmp_path / "gcp.parquet", "1.3", cf.gcp_rows(), columns=cols)
    [p] = refused(db, path)
    assert p.column == "ContractedCost" and "FOCUS 1.3" in p.reason_en


@pytest.mark.parametrize("change, column, rule", [
    ({"BillingCurrency": "YEN"}, "BillingCurrency", "ISO 4217"),
    ({"ChargePeriodEnd": "2026-04-10T00:00:00Z"}, "ChargePeriodEnd", "End ≤ Start"),
    ({"Tags": '{"gc-org": "011002"'}, "Tags", "JSON"),
    ({"BilledCost": "12a"}, "BilledCost", "wrong type"),
    ({"ChargeCategory": "Refund"}, "ChargeCategory", "ChargeCategory"),
])
def test_bad_values_name_the_row(db, tmp_path, change, column, rule):
    good = tmp_path / "in" / "account_map.csv"
    [p] = refused(db, good, azure(tmp_path, **change))   # the clean map is not imported either
    assert (p.row, p.column) == (4, column)   # header = line 1, third data row = line 4 and rule in p.reason_en


def test_missing_rate_names_periods_and_currencies(db, tmp_path):
    folder = tmp_path / "in"
    [p] = refused(db, folder / "account_map.csv", folder / "aws_focus_1_0.csv.gz")
    assert p.value == "USD 2026-03, USD 2026-04" and "exchange rate" in p.reason_en


def test_cli_refuses_and_changes_nothing(db, tmp_path):
    bad = azure(tmp_path, ChargePeriodEnd="2026-04-09T00:00:00Z")
    result = run_cli("import", "--db", db, tmp_path / "in" / "fx.csv", bad)
    assert result.returncode == 1
    assert "bad.csv 4行目 (row 4) 列「ChargePeriodEnd」" in result.stderr and "nothing was imported" in result.stderr
    assert run_cli("cloud", "--db", db, "--json").returncode == 2      # still no cloud data


def test_account_map_errors(db, tmp_path):
    path = cf.text_file(tmp_path / "map.csv", cf.MAP_HEADER, [
        ["acc-1", "011002", "01", "単独", "", ""],
        ["acc-1", "012025", "01", "単独", "", ""],
        ["acc-2", "999999", "01", "共同", "population", ""],
        ["acc-3", "011002", "99", "共同", "", ""],
    ])
    problems = refused(db, path)
    found = {(p.row, p.column) for p in problems}
    assert {(3, "account_id"), (4, "org_code"), (5, "operation"), (5, "basis")} <= found


def test_parquet_row_is_named_by_record_number(db, tmp_path):
    rows = cf.gcp_rows()
    rows[1]["BillingCurrency"] = "XYZ"
    [p] = refused(db, tmp_path / "in" / "fx.csv", cf.write(tmp_path / "g.parquet", "1.3", rows))
    assert (p.row, p.column, p.value) == (2, "BillingCurrency", "XYZ")     # the second record


def test_cloud_and_cost_files_are_not_mixed(db, tmp_path):
    cost = cf.text_file(tmp_path / "costs.csv", ["団体コード", "年度", "業務", "費目", "区分", "金額"],
                        [["011002", "2025", "01", "gc_usage", "実績", "100"]])
    result = run_cli("import", "--db", db, tmp_path / "in" / "fx.csv", cost)
    assert result.returncode == 2 and "separately" in result.stderr


def test_cli_history_and_rollback(db, tmp_path):
    folder = tmp_path / "in"
    ok = run_cli("import", "--db", db, folder / "account_map.csv", folder / "fx.csv", folder / "aws_focus_1_0.csv.gz")
    assert ok.returncode == 0 and "FOCUS 1.0, 3 rows OK, import 1" in ok.stdout
    assert "current" in run_cli("cloud", "--db", db, "--history", check=True).stdout
    assert "rolled back" in run_cli("cloud", "--db", db, "--rollback", 1, check=True).stdout
    assert "rolled back" in run_cli("cloud", "--db", db, "--history", check=True).stdout
    again = run_cli("cloud", "--db", db, "--rollback", 1)
    assert again.returncode == 2 and "already rolled back" in again.stderr
