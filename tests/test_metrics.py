"""Metrics of docs/metrics.md against a small fixture whose results were worked out by hand.

The fixture (FY2026), in yen:
  A 下関市 352012  op01: 2018 actual 1,000,000 + 500,000 = 1,500,000; 2026 budget 2,000,000,
                          2026 estimate 9,999,999 + gc_usage 100 (ignored: budget wins)
                   op02: 2018 actual 0 (zero row: present); 2026 estimate 300,000
                   op03: 2018 actual 800,000; nothing in 2026 (unmatched)
                   op04: nothing in 2018; 2026 estimate 700,000 (unmatched)
  B 宇部市 352021  op01: 2018 actual 1,000,000, 2018 budget 5,000,000 (ignored); 2026 actual 700,000
  C 和木町 353213  op01: 2018 actual 0; 2026 actual 0 (baseline 0: reporting, no ratio)
  D 一宮市 232033  op05: 2018 actual 333,333; 2026 estimate 100,000
  P 山口県 350001  op16: 2018 actual 1,000,001; 2026 budget 2,500,000
Drivers 2026: A op01 S01 300,000, E01 100,000, M101 -50,000; A op03 S03 999 (unmatched pair:
excluded); D op05 M202 -200,000; A op01 in 2025 S02 777 (other year: excluded).

National: baseline 1,500,000 + 0 + 1,000,000 + 0 + 333,333 + 1,000,001 = 3,833,334
          current  2,000,000 + 300,000 + 700,000 + 0 + 100,000 + 2,500,000 = 5,600,000
          target floor(7 × 3,833,334 / 10) = 2,683,333; gap 2,916,667
          over baseline: A (2.3M > 1.5M), P; on target: B (7,000,000 ≤ 7,000,000), D
          attributed 150,000; unattributed 1,766,666 − 150,000 = 1,616,666
Yamaguchi (35): baseline 3,500,001; current 5,500,000; target 2,450,000; gap 3,050,000;
          attributed 350,000; unattributed 1,649,999; 20 organizations in scope
Org A:    baseline 1,500,000; current 2,300,000; target 1,050,000; gap 1,250,000; unattributed 450,000
"""
import pytest

from conftest import summary_json

# The figures are tests/small_fixture.py's COSTS and DRIVERS, imported through the same
# path as `python -m dashboard import` (conftest: small_db).


@pytest.fixture(scope="module")
def fixture_db(small_db):
    return small_db


def test_national_scope(fixture_db):
    s = summary_json(fixture_db, 2026)
    assert s["baseline_yen"] == 3_833_334
    assert s["current_yen"] == 5_600_000
    assert s["reduction_rate"] == pytest.approx(1 - 5_600_000 / 3_833_334)
    assert s["target_rate"] == 0.3
    assert s["gap_to_target_yen"] == 2_916_667
    assert s["pairs_matched"] == 6
    assert s["orgs_in_scope"] == 1788
    assert s["orgs_reporting"] == 5
    assert s["orgs_over_baseline"] == 2
    assert s["orgs_on_target"] == 2
    assert s["unattributed_yen"] == 1_616_666
    by_system = {r["system"]: r for r in s["by_system"]}
    assert len(by_system) == 20
    assert by_system["01"]["baseline_yen"] == 2_500_000
    assert by_system["01"]["current_yen"] == 2_700_000
    assert by_system["04"]["reduction_rate"] is None
    by_driver = {r["driver"]: r["amount_yen"] for r in s["by_driver"]}
    assert by_driver["S01"] == 300_000
    assert by_driver["S03"] == 0        # unmatched pair
    assert by_driver["S02"] == 0        # other year
    assert by_driver["M202"] == -200_000


def test_prefecture_scope(fixture_db):
    s = summary_json(fixture_db, 2026, "pref:35")
    assert (s["baseline_yen"], s["current_yen"]) == (3_500_001, 5_500_000)
    assert s["gap_to_target_yen"] == 5_500_000 - 2_450_000
    assert s["orgs_in_scope"] == 20
    assert (s["orgs_reporting"], s["orgs_over_baseline"], s["orgs_on_target"]) == (4, 2, 1)
    assert s["unattributed_yen"] == 1_649_999


def test_organization_scope(fixture_db):
    s = summary_json(fixture_db, 2026, "org:352012")
    assert (s["baseline_yen"], s["current_yen"]) == (1_500_000, 2_300_000)
    assert s["gap_to_target_yen"] == 1_250_000
    assert s["reduction_rate"] == pytest.approx(1 - 2_300_000 / 1_500_000)
    assert s["pairs_matched"] == 2
    assert (s["orgs_in_scope"], s["orgs_reporting"], s["orgs_over_baseline"]) == (1, 1, 1)
    assert s["unattributed_yen"] == 450_000


def test_zero_baseline_organization_reports_without_a_ratio(fixture_db):
    s = summary_json(fixture_db, 2026, "org:353213")
    assert (s["orgs_reporting"], s["orgs_over_baseline"], s["orgs_on_target"]) == (1, 0, 0)
    assert s["baseline_yen"] == 0 and s["reduction_rate"] is None


def test_baseline_year_compares_with_itself(fixture_db):
    s = summary_json(fixture_db, 2018)
    # every pair with a 2018 actual is matched in 2018 and its current is its baseline
    assert s["pairs_matched"] == 7
    assert s["baseline_yen"] == s["current_yen"] == 3_833_334 + 800_000
    assert s["reduction_rate"] == 0
    # a ratio of exactly 1 is neither over the baseline nor on target
    assert (s["orgs_reporting"], s["orgs_over_baseline"], s["orgs_on_target"]) == (5, 0, 0)


def test_year_without_figures_is_empty_not_an_error(fixture_db):
    s = summary_json(fixture_db, 2030)
    assert s["baseline_yen"] == s["current_yen"] == s["pairs_matched"] == 0
    assert s["reduction_rate"] is None
