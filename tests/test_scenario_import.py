"""The `funding` and `events` import kinds through the one pipeline: recognised from their
columns, all or nothing with row-level JA/EN errors, revisions, rollback, scope refusal."""
from __future__ import annotations

import datetime as dt

import pytest

from dashboard import store
from dashboard.ingest import pipeline
from dashboard.scope import Scope

FUNDING = """団体コード,年度,財源,金額,業務,上限額,備考
352012,2026,デジタル基盤改革支援補助金,"1,000,000",,5000000,テスト
352012,2027,特別交付税,200000,住民基本台帳,,
352021,R8,普通交付税算入,300000,,,
"""
EVENTS = """日付,年度,対象範囲,件名,件名（英語）,種別
2025-06-02,,全国,協議会（第3回）,Council (3rd),政策
,2027,山口県,県の共同調達開始,Joint procurement starts,メモ
令和8年4月1日,2026,352012,下関市の移行,Shimonoseki migrates,仕様改定
"""


def rows(db, sql):
    with store.reader(db) as con:
        return con.execute(sql).fetchall()


def imp(db, *files, allowed=None):
    return pipeline.import_files(db, [(n, t.encode("utf-8")) for n, t in files], allowed=allowed)


def test_kinds_load_and_revise_and_roll_back(empty_db):
    report = imp(empty_db, ("f.csv", FUNDING), ("e.csv", EVENTS))
    assert report.ok and [c.kind for c in report.checks] == ["funding", "events"]
    assert rows(empty_db, "select org_code, fiscal_year, source, system_code, amount_yen, cap_yen "
                          "from stg_funding_current order by all") == [
        ("352012", 2026, "subsidy", "", 1_000_000, 5_000_000),
        ("352012", 2027, "special_grant", "01", 200_000, None),
        ("352021", 2026, "ordinary_grant", "", 300_000, None)]
    assert rows(empty_db, "select scope, event_date, fiscal_year, kind from stg_event_current order by all") == [
        ("national", dt.date(2025, 6, 2), 2025, "policy"),
        ("org:352012", dt.date(2026, 4, 1), 2026, "spec_revision"),
        ("pref:35", None, 2027, "note")]
    revised = imp(empty_db, ("f2.csv", "団体コード,年度,財源,金額\n352021,2026,普通交付税,350000\n"))
    assert (revised.batches[0].rows_new, revised.batches[0].rows_revised) == (0, 1)
    assert rows(empty_db, "select amount_yen from stg_funding_current where org_code = '352021'") == [(350_000,)]
    pipeline.rollback(empty_db, revised.batches[0].batch_id)
    assert rows(empty_db, "select amount_yen from stg_funding_current where org_code = '352021'") == [(300_000,)]


def test_bad_files_change_nothing_and_name_rows(empty_db):
    bad_funding = "団体コード,年度,財源,金額,上限額\n352012,2026,寄付金,1000,\n999999,2026,特別交付税,-5,abc\n"
    bad_events = "日付,年度,対象範囲,件名,件名（英語）,種別\n2025-06-02,2026,全国,x,y,政策\n,,火星,x2,y2,謎\n"
    report = imp(empty_db, ("bad_f.csv", bad_funding), ("bad_e.csv", bad_events), ("f.csv", FUNDING))
    assert not report.ok and not report.batches
    found = {(p.file, p.row, p.column) for p in report.problems}
    assert {("bad_f.csv", 2, "財源"), ("bad_f.csv", 3, "団体コード"), ("bad_f.csv", 3, "上限額"),
            ("bad_f.csv", 3, "金額"), ("bad_e.csv", 2, "年度"), ("bad_e.csv", 3, "日付"),
            ("bad_e.csv", 3, "対象範囲"), ("bad_e.csv", 3, "種別")} <= found
    assert all(p.reason_ja and p.reason_en for p in report.problems)
    assert rows(empty_db, "select count(*) from funding_fact")[0][0] == 0
    assert rows(empty_db, "select count(*) from batch")[0][0] == 0


def test_rows_outside_the_importers_scope_refuse_the_file(empty_db):
    report = imp(empty_db, ("f.csv", "団体コード,年度,財源,金額\n352012,2026,その他,1\n131016,2026,その他,1\n"),
                 allowed=Scope("pref", "35"))
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [(3, "団体コード")]
    report = imp(empty_db, ("e.csv", EVENTS), allowed=Scope("pref", "35"))
    assert [(p.row, p.column) for p in report.problems] == [(2, "対象範囲")]      # the national event
    assert rows(empty_db, "select count(*) from batch")[0][0] == 0


def test_mixed_kind_columns_are_refused(empty_db):
    report = imp(empty_db, ("m.csv", "団体コード,年度,財源,費目,業務,区分,金額\n352012,2026,その他,sw_lease,01,actual,1\n"))
    assert not report.ok
    assert "split the file" in report.problems[0].reason_en
