"""Every red-flag rule R01–R12 fires on a fixture made for it and stays silent on its
near-twin. Estimates are CSV files written here; R07, R08 and R12 use a real database
with imported figures and saved reviews (estimate_db)."""
from __future__ import annotations

import pytest

from dashboard import store
from dashboard.estimate import data, review
from estimate_fixtures import csv_estimate, line
from estimate_db import TARGET, build as build_db


def run(rows, org=TARGET, con=None, **kw):
    body = [r[1:] if r and r[0] == "line" else r for r in rows]
    return review.review("est.csv", csv_estimate(body), org, con=con, **kw)


def fired(result, rule):
    return [f for f in result.flags if f.rule == rule]


CLOUD_OK_NOTE = "為替レート 1ドル=150円、3年の長期継続割引を適用"


# ---------------------------------------------------------------- R01
def test_r01_fires_on_a_wrong_product():
    r = run([line("住基", "住民記録システム パッケージ利用料", 100_000, 2, "月", 12, 2_500_000)])
    [f] = fired(r, "R01")
    assert (f.sheet, f.row, f.amount_yen) == ("est.csv", 2, 2_750_000)     # 2,500,000 × 1.1
    assert "2,640,000円" in f.message_ja                                     # 100,000×2×12 ×1.1


def test_r01_silent_on_a_right_product_with_or_without_period():
    r = run([line("住基", "住民記録システム パッケージ利用料", 100_000, 2, "月", 12, 2_400_000),
             line("住基", "SE作業", 1_000_000, 3, "人月", None, 3_000_000)])
    assert not fired(r, "R01")


def test_r01_fires_on_a_wrong_subtotal_and_total():
    rows = [line("住基", "住民記録システム パッケージ利用料", None, None, "", 60, 1_000_000),
            line("住基", "住民記録システム パッケージ保守", None, None, "", 60, 500_000),
            [None, "小計", None, None, None, None, 1_600_000, None, None],
            [None, "合計", None, None, None, None, 1_400_000, None, None]]
    r = run(rows)
    assert [(f.row, f.amount_yen) for f in fired(r, "R01")] == [(4, 1_760_000), (5, 1_540_000)]


def test_r01_subtotals_and_totals_are_never_counted():
    rows = [line("住基", "住民記録システム パッケージ利用料", None, None, "", 60, 1_000_000),
            [None, "小計", None, None, None, None, 1_000_000, None, None],
            line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, 500_000),
            [None, "小計", None, None, None, None, 500_000, None, None],
            [None, "合計", None, None, None, None, 1_500_000, None, None]]
    r = run(rows)
    assert not fired(r, "R01")
    assert r.annual_total_yen == 1_500_000 * 11 // 10 * 12 // 60   # 330,000


# ---------------------------------------------------------------- R02
def test_r02_fires_on_the_same_line_in_two_sections():
    rows = [["共通", "【基盤】", None, None, None, None, None, None, None],
            line("共通", "バックアップ作業", None, None, "", 60, 600_000),
            ["共通", "【運用】", None, None, None, None, None, None, None],
            line("共通", "バックアップ作業", None, None, "", 60, 600_000)]
    [f] = fired(run(rows), "R02")
    assert f.row == 5 and "3行目" in f.message_ja


def test_r02_fires_on_monitoring_by_both_vendor_and_operations_support():
    rows = [line("共通", "システム運用監視", None, None, "", 60, 1_200_000),
            line("共通", "運用管理補助（監視・バックアップ）", None, None, "", 60, 2_400_000)]
    [f] = fired(run(rows), "R02")
    assert f.row == 2 and "運用管理補助" in f.message_ja


def test_r02_fires_on_the_same_amount_for_the_same_item_in_another_section():
    rows = [["共通", "【アプリ】", None, None, None, None, None, None, None],
            line("共通", "ヘルプデスク", None, None, "", 60, 1_200_000),
            ["共通", "【基盤】", None, None, None, None, None, None, None],
            line("共通", "稼働監視", None, None, "", 60, 1_200_000)]
    [f] = fired(run(rows), "R02")
    assert f.row == 5 and "同額" in f.message_ja and f.amount_yen == 1_320_000


def test_r02_silent_on_the_same_work_for_two_operations():
    rows = [line("住基", "パッケージ保守", None, None, "", 60, 600_000),
            line("介護", "パッケージ保守", None, None, "", 60, 600_000),
            line("共通", "運用管理補助", None, None, "", 60, 2_400_000)]
    assert not fired(run(rows), "R02")


# ---------------------------------------------------------------- R03
def test_r03_fires_on_a_second_connection_line():
    rows = [line("住基", "GC接続回線", None, None, "", 60, 3_000_000),
            line("介護", "GC接続回線", None, None, "", 60, 3_000_000)]
    [f] = fired(run(rows), "R03")
    assert f.row == 3


def test_r03_fires_on_a_line_the_organization_already_has():
    rows = [line("共通", "ガバメントクラウド接続回線（閉域）", None, None, "", 60, 3_000_000)]
    [f] = fired(run(rows, existing_lines=["GC接続回線（県域共同）"]), "R03")
    assert "既存の回線契約" in f.message_ja


def test_r03_silent_on_one_line_and_an_unrelated_contract():
    rows = [line("共通", "GC接続回線", None, None, "", 60, 3_000_000),
            line("共通", "LGWAN回線", None, None, "", 60, 600_000)]
    assert not fired(run(rows, existing_lines=["庁舎間光回線"]), "R03")


# ---------------------------------------------------------------- R04
def test_r04_fires_on_staging_at_production_size():
    rows = [line("共通", "ガバメントクラウド利用料（本番）", None, None, "", 60, 10_000_000, "本番"),
            line("共通", "ガバメントクラウド利用料（検証）", None, None, "", 60, 9_000_000, "検証")]
    [f] = fired(run(rows), "R04")
    assert f.row == 3 and "90%" in f.message_ja


def test_r04_fires_on_a_24x7_development_environment():
    rows = [line("共通", "開発環境 クラウド利用料", None, None, "", 60, 1_000_000, "開発", "24時間稼働")]
    assert len(fired(run(rows), "R04")) == 1


def test_r04_silent_on_a_small_staging():
    rows = [line("共通", "ガバメントクラウド利用料（本番）", None, None, "", 60, 10_000_000, "本番"),
            line("共通", "ガバメントクラウド利用料（検証）", None, None, "", 60, 3_000_000, "検証")]
    assert not fired(run(rows), "R04")


# ---------------------------------------------------------------- R05 / R06
def test_r05_and_r06_fire_on_a_bare_cloud_fee():
    r = run([line("共通", "ガバメントクラウド利用料", 100_000, 1, "月", 60, 6_000_000, "本番")])
    assert [f.row for f in fired(r, "R05")] == [2]
    assert [f.row for f in fired(r, "R06")] == [2]


def test_r05_fires_on_a_rate_outside_the_band():
    r = run([line("共通", "ガバメントクラウド利用料", 100_000, 1, "月", 60, 6_000_000, "本番",
                  "1ドル=175円で換算")])
    [f] = fired(r, "R05")
    assert "175" in f.message_ja


def test_r05_and_r06_silent_with_rate_and_discount():
    r = run([line("共通", "ガバメントクラウド利用料", 100_000, 1, "月", 60, 6_000_000, "本番", CLOUD_OK_NOTE)])
    assert not fired(r, "R05") and not fired(r, "R06")


def test_r06_silent_on_a_short_staging_fee():
    r = run([line("共通", "ガバメントクラウド利用料", 100_000, 1, "月", 6, 600_000, "検証", "為替 150円/ドル")])
    assert not fired(r, "R06")


# ---------------------------------------------------------------- R09 / R10 / R11
def test_r09_fires_on_a_large_lump_sum_without_basis():
    [f] = fired(run([line("共通", "運用支援", None, 1, "式", 60, 20_000_000)]), "R09")
    assert f.amount_yen == 22_000_000


def test_r09_silent_with_a_breakdown_or_below_the_threshold():
    rows = [line("共通", "運用支援", None, 1, "式", 60, 20_000_000, "", "内訳は別紙"),
            line("共通", "帳票印刷", None, 1, "式", 60, 1_000_000)]     # 220,000 a year < 1,000,000
    assert not fired(run(rows), "R09")


def test_r10_fires_on_24h_maintenance_for_an_office_hours_operation():
    [f] = fired(run([line("介護", "介護保険システム ソフトウェア保守（24時間365日）", None, None, "", 60,
                          2_400_000)]), "R10")
    assert "介護保険" in f.message_ja


def test_r10_silent_for_the_resident_registry_and_for_office_hours():
    rows = [line("住基", "住民記録システム ソフトウェア保守（24時間365日）", None, None, "", 60, 2_400_000),
            line("介護", "介護保険システム ソフトウェア保守（平日9-17時）", None, None, "", 60, 2_400_000)]
    assert not fired(run(rows), "R10")


def test_r11_fires_on_a_yearly_escalation_clause():
    [f] = fired(run([line("住基", "パッケージ利用料", None, None, "", 60, 6_000_000, "", "毎年3%の価格改定")]),
                "R11")
    assert f.row == 2 and "毎年3%" in f.message_ja


def test_r11_silent_without_one():
    assert not fired(run([line("住基", "パッケージ利用料", None, None, "", 60, 6_000_000, "", "5年間固定")]),
                     "R11")


# ---------------------------------------------------------------- R07 / R08 / R12 (database)
@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("estimate") / "estimate.duckdb")


def test_r07_fires_above_the_opted_in_peers_75th_percentile(db):
    # five organizations opted in with 800k…1.2M (×1.1 tax): the kernel q75 at rank 4 mixes
    # ranks 3-5 with weights 1, 2, 1: (1,100,000 + 2 × 1,210,000 + 1,320,000) / 4 = 1,210,000.
    # A sixth organization's review (3,000,000) was not shared: it must not count.
    with store.reader(db) as con:
        high = run([line("共通", "SE作業", 1_200_000, 2, "人月", None, 2_400_000)], con=con)
        low = run([line("共通", "SE作業", 1_000_000, 2, "人月", None, 2_000_000)], con=con)
    assert high.peers.person_month == {"published": True, "q75": 1_210_000}
    [f] = fired(high, "R07")
    assert "1,320,000円" in f.message_ja and "1,210,000円" in f.message_ja
    assert not fired(low, "R07")


def test_r07_silent_when_fewer_than_five_opted_in(tmp_path):
    path = build_db(tmp_path / "four.duckdb", opted_in=4)
    with store.reader(path) as con:
        r = run([line("共通", "SE作業", 5_000_000, 2, "人月", None, 10_000_000)], con=con)
    assert r.peers.person_month == {"published": False, "q75": None}
    assert not fired(r, "R07")


def test_r08_fires_above_the_peers_90th_percentile_per_resident(db):
    from estimate_db import PEER_P90_SW_LEASE, TARGET_POPULATION
    with store.reader(db) as con:
        annual = int(PEER_P90_SW_LEASE * TARGET_POPULATION * 1.2)
        amount = annual * 5 * 10 // 11            # a 60-month, tax-exclusive amount
        high = run([line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, amount)], con=con)
        low = run([line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, amount // 3)], con=con)
    assert high.peers.items["sw_lease"]["p90"] == PEER_P90_SW_LEASE
    assert [f.rule for f in high.flags if f.rule == "R08"] == ["R08"]
    assert not fired(low, "R08")


def test_r08_silent_when_one_peer_dominates_the_group(tmp_path):
    # one peer holds 500 of 550 million (> 50%): the peer charts' rule withholds every statistic
    path = build_db(tmp_path / "dominant.duckdb",
                    peer_amounts=[10_000_000] * 5 + [500_000_000])
    with store.reader(path) as con:
        r = run([line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, 10_000_000_000)], con=con)
    assert r.peers.items["sw_lease"] == {"published": False, "p25": None, "p50": None, "p75": None, "p90": None}
    assert not fired(r, "R08")


def test_r12_fires_above_baseline_times_0_7_and_says_by_how_much(db):
    # baseline of 01 + 14 = 23,000,000 → target 16,100,000; estimate 90,000,000 over 60
    # months tax-exclusive → 19,800,000 a year → misses by 3,700,000
    with store.reader(db) as con:
        r = run([line("住基", "住民記録システム パッケージ利用料", None, None, "", 60, 50_000_000),
                 line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, 40_000_000)], con=con)
    assert (r.baseline_yen, r.target_yen, r.annual_total_yen) == (23_000_000, 16_100_000, 19_800_000)
    [f] = fired(r, "R12")
    assert f.amount_yen == 3_700_000 and "3,700,000円" in f.message_ja


def test_r12_silent_at_the_target(db):
    # 8,800,000 + 33,181,810 × 1.1 × 12 / 60 (7,299,998.2) = 16,099,998 yen a year: just under 16,100,000
    with store.reader(db) as con:
        r = run([line("住基", "住民記録システム パッケージ利用料", None, None, "", 60, 40_000_000),
                 line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, 33_181_810)], con=con)
    assert r.annual_total_yen == 16_099_998 and not fired(r, "R12")


def test_saved_corrections_are_reused_org_first_then_national(db, tmp_path):
    import shutil
    path = tmp_path / "c.duckdb"
    shutil.copy(db, path)
    rows = [line("共通", "謎の作業", None, None, "", 60, 600_000)]
    with store.reader(path) as con:
        assert run(rows, con=con).unmapped == 1
    data.save_corrections(path, "national", [("謎の作業", "outsourcing", None)], user="nat")
    with store.reader(path) as con:
        r = run(rows, con=con)
        other = run(rows, org="011002", con=con)
    assert (r.mappings[0].item_key, r.mappings[0].source) == ("outsourcing", "national")
    assert other.mappings[0].item_key == "outsourcing"     # the national dictionary serves everyone
    data.save_corrections(path, TARGET, [("謎の作業", "ops_work", "14")], user="clerk")
    with store.reader(path) as con:
        mine = run(rows, con=con)
        other = run(rows, org="011002", con=con)
    assert (mine.mappings[0].item_key, mine.mappings[0].systems, mine.mappings[0].source) == \
        ("ops_work", ["14"], "org")
    assert other.mappings[0].item_key == "outsourcing"     # an org's own correction stays its own
