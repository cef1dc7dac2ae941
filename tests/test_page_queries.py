"""Page queries against the small fixture, every figure worked out by hand (tests/small_fixture.py;
the derivations of the organization totals are in tests/test_metrics.py's docstring).

FY2026 per organization (matched pairs only):
  A 下関市 352012: ΣB 1,500,000 ΣC 2,300,000 ratio 23/15, over baseline, not on target, projected
                   (op01 budget, op02 estimate); largest factor S01 300,000
  B 宇部市 352021: ΣB 1,000,000 ΣC   700,000 ratio 0.7: on target (7,000,000 ≤ 7,000,000), actual
  C 和木町 353213: ΣB 0 ΣC 0: reporting, no ratio, neither over nor on target, actual
  D 一宮市 232033: ΣB 333,333 ΣC 100,000: on target, projected
  P 山口県 350001: ΣB 1,000,001 ΣC 2,500,000: over baseline, projected
"""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard import queries, reference, store
from dashboard.charts import waterfall
from dashboard.scope import Scope
from tests import small_fixture

NATIONAL, YAMAGUCHI, SHIMONOSEKI = Scope(), Scope("pref", "35"), Scope("org", "352012")


def run(db, name, scope, **params) -> pd.DataFrame:
    with store.reader(db) as con:
        return queries.run(con, name, scope, **params)


def test_org_table(small_db):
    t = run(small_db, "pages/org_table", YAMAGUCHI, fy=2026).set_index("org_code")
    assert len(t) == 20                                   # every organization of 山口県
    expected = {  # baseline, current, ratio, over, on target, pairs, basis
        "352012": (1_500_000, 2_300_000, 23 / 15, True, False, 2, "projected"),
        "352021": (1_000_000, 700_000, 0.7, False, True, 1, "actual"),
        "353213": (0, 0, None, False, False, 1, "actual"),
        "350001": (1_000_001, 2_500_000, 2_500_000 / 1_000_001, True, False, 1, "projected"),
    }
    for code, (b, c, ratio, over, on, pairs, basis) in expected.items():
        row = t.loc[code]
        assert (row.baseline_yen, row.current_yen) == (b, c), code
        assert (pd.isna(row.ratio) if ratio is None else row.ratio == pytest.approx(ratio)), code
        assert (bool(row.over_baseline), bool(row.on_target)) == (over, on), code
        assert (row.pairs_matched, row.basis) == (pairs, basis), code
    assert t.loc["352012", "largest_driver_code"] == "S01"
    assert t.loc["352012", "largest_driver_yen"] == 300_000
    silent = t.drop(index=list(expected))                 # 16 organizations without figures
    assert len(silent) == 16 and silent["baseline_yen"].isna().all() and silent["basis"].isna().all()



def test_org_table_largest_factor_ties_go_to_the_lower_code(small_db, tmp_path):
    """下関市's FY2026 factors rewritten by hand: S02 and S03 tie at 300,000, S01 is below them and
    a countermeasure (M101) is larger; the largest factor is S02, the lower code of the tie.
    Then S01 joins the tie and wins it."""
    import shutil

    import duckdb

    def largest(s01_yen: int) -> tuple:
        db = tmp_path / f"ties_{s01_yen}.duckdb"      # a copy each: the reader keeps one open
        shutil.copyfile(small_db, db)
        with duckdb.connect(str(db)) as con:
            con.execute("delete from mart_org_driver_year where org_code = '352012' and fiscal_year = 2026")
            con.execute("insert into mart_org_driver_year values ('352012', 2026, 'S01', ?), "
                        "('352012', 2026, 'S02', 300000), ('352012', 2026, 'S03', 300000), "
                        "('352012', 2026, 'M101', 900000)", [s01_yen])
        row = run(db, "pages/org_table", SHIMONOSEKI, fy=2026).iloc[0]
        return row.largest_driver_code, row.largest_driver_yen

    assert largest(100_000) == ("S02", 300_000)
    assert largest(300_000) == ("S01", 300_000)

def test_org_table_at_the_baseline_year(small_db):
    """FY2018 compares every pair with itself: ratio exactly 1 for each organization with a
    baseline (the edge of "over baseline", ΣC > ΣB, which equality does not meet)."""
    t = run(small_db, "pages/org_table", NATIONAL, fy=2018).set_index("org_code")
    reporting = t[t["pairs_matched"].notna()]
    assert sorted(reporting.index) == ["232033", "350001", "352012", "352021", "353213"]
    assert (reporting.drop(index="353213")["ratio"] == 1.0).all()
    assert not reporting["over_baseline"].any() and not reporting["on_target"].any()
    # 下関市 in 2018: op01 1,500,000 + op02 0 + op03 800,000 (matched in its own year)
    assert (t.loc["352012", "baseline_yen"], t.loc["352012", "pairs_matched"]) == (2_300_000, 3)


def test_pref_map(small_db):
    m = run(small_db, "pages/pref_map", NATIONAL, fy=2026).set_index("pref_code")
    assert len(m) == 47
    yamaguchi = m.loc["35"]
    assert (yamaguchi.orgs_in_scope, yamaguchi.orgs_reporting) == (20, 4)
    assert (yamaguchi.orgs_over_baseline, yamaguchi.orgs_on_target) == (2, 1)   # A, P; B
    assert (yamaguchi.baseline_yen, yamaguchi.current_yen) == (3_500_001, 5_500_000)
    aichi = m.loc["23"]
    assert (aichi.orgs_in_scope, aichi.orgs_reporting, aichi.orgs_over_baseline,
            aichi.orgs_on_target) == (55, 1, 0, 1)                              # D
    assert (aichi.baseline_yen, aichi.current_yen) == (333_333, 100_000)
    others = m.drop(index=["35", "23"])
    assert (others[["orgs_reporting", "baseline_yen", "current_yen"]] == 0).all().all()
    assert m["orgs_in_scope"].sum() == 1788


def test_trajectory(small_db):
    t = run(small_db, "pages/trajectory", NATIONAL).set_index("fiscal_year")
    assert list(t.index) == [2018, 2026]
    # FY2018: the 7 pairs with a 2018 actual compare with themselves (A op03 800,000 included)
    assert (t.loc[2018, "baseline_yen"], t.loc[2018, "current_yen"]) == (4_633_334, 4_633_334)
    assert t.loc[2018, "target_yen"] == 3_243_333                      # floor(7 × 4,633,334 / 10)
    assert (t.loc[2018, "pairs_matched"], t.loc[2018, "basis"]) == (7, "actual")
    assert (t.loc[2026, "baseline_yen"], t.loc[2026, "current_yen"]) == (3_833_334, 5_600_000)
    assert t.loc[2026, "target_yen"] == 2_683_333
    assert (t.loc[2026, "pairs_matched"], t.loc[2026, "pairs_projected"]) == (6, 4)
    assert t.loc[2026, "basis"] == "projected"


def test_by_item(small_db):
    items = run(small_db, "pages/by_item", NATIONAL, fy=2026).set_index("item_key")
    assert len(items) == 12
    # matched pairs of 2026 on their best basis: sw_lease A op01 2,000,000 (budget; the
    # estimate's 9,999,999 and gc_usage 100 ignored) + A op02 300,000 + C 0 + P 2,500,000;
    # its baseline: A op01 1,000,000 + A op02 0 + C 0 + P 1,000,001
    assert (items.loc["sw_lease", "baseline_yen"], items.loc["sw_lease", "current_yen"]) == \
        (2_000_001, 4_800_000)
    assert (items.loc["hw_lease", "baseline_yen"], items.loc["hw_lease", "current_yen"]) == (500_000, 0)
    assert (items.loc["sw_maint", "baseline_yen"], items.loc["sw_maint", "current_yen"]) == \
        (1_000_000, 700_000)
    assert (items.loc["ops_work", "baseline_yen"], items.loc["ops_work", "current_yen"]) == \
        (333_333, 100_000)
    assert items.loc["gc_usage", "current_yen"] == 0
    assert items["baseline_yen"].sum() == 3_833_334 and items["current_yen"].sum() == 5_600_000


def test_waterfall_steps(small_db):
    with store.reader(small_db) as con:
        kpi = queries.run(con, "metrics/kpi", NATIONAL, fy=2026).iloc[0]
        drivers = queries.run(con, "metrics/by_driver", NATIONAL, fy=2026)
    steps = dict(zip(*waterfall.steps(kpi, drivers).T.values))
    # S01 300,000 structural; E01 100,000 external; M101 -50,000 and M202 -200,000 measures;
    # S03 999 (unmatched pair) and S02 777 (FY2025) excluded
    assert steps == {"baseline": 3_833_334, "structural": 300_000, "enhancement": 0,
                     "external": 100_000, "countermeasures": -250_000,
                     "unattributed": 1_766_666 - 150_000, "current": 5_600_000}
    assert sum(v for k, v in steps.items() if k != "current") == steps["current"]


def test_factor_queries(small_db):
    ds = run(small_db, "pages/driver_system", NATIONAL, fy=2026)
    assert sorted(zip(ds.driver_code, ds.system_code, ds.amount_yen)) == [
        ("E01", "01", 100_000), ("M101", "01", -50_000), ("M202", "05", -200_000),
        ("S01", "01", 300_000)]
    assert run(small_db, "pages/driver_system", Scope("pref", "23"), fy=2026) \
        [["driver_code", "amount_yen"]].values.tolist() == [["M202", -200_000]]
    fm = run(small_db, "pages/factor_measure", NATIONAL, fy=2026)
    s01 = fm[fm.factor_code == "S01"].set_index("measure_code")
    assert set(s01.index) == {"M101", "M104", "M203"}            # countermeasure_map.csv
    assert (s01["factor_yen"] == 300_000).all()
    assert s01.loc["M101", "measure_yen"] == -50_000 and s01.loc["M104", "measure_yen"] == 0
    s03 = fm[fm.factor_code == "S03"].set_index("measure_code")   # unmatched S03 999 excluded
    assert (s03["factor_yen"] == 0).all() and s03.loc["M202", "measure_yen"] == -200_000
    e01 = fm[fm.factor_code == "E01"]
    assert len(e01) == 1 and e01["measure_code"].isna().all() and e01["factor_yen"].iloc[0] == 100_000
    by_year = run(small_db, "pages/measure_by_year", NATIONAL)
    assert sorted(zip(by_year.fiscal_year, by_year.driver_code, by_year.amount_yen)) == [
        (2026, "M101", -50_000), (2026, "M202", -200_000)]


def test_peer_stats_unpublished_for_a_group_of_two(small_db):
    """下関市 and 一宮市 are the only 中核市 reporting: no statistic, own figures exact."""
    p = run(small_db, "pages/peer_stats", SHIMONOSEKI, fy=2026)
    assert len(p) == 1
    row = p.iloc[0]
    assert (row.peer_group, bool(row.published)) == ("中核市", False)
    assert row.ratio == pytest.approx(23 / 15)
    assert row.per_capita_yen == pytest.approx(2_300_000 / 255_051)   # 下関市, 令和2年国勢調査
    assert row[["ratio_q1", "ratio_median", "ratio_q3", "per_capita_median"]].isna().all()
    national = run(small_db, "pages/peer_stats", NATIONAL, fy=2026)
    # reporting with a baseline and a cost this year: A, B, D (C has a zero baseline; P has no
    # peer group, being a prefecture)
    assert sorted(national["org_code"]) == ["232033", "352012", "352021"]


def test_peer_stats_published_for_five_wards(tmp_path):
    """Five 特別区 with ratios 1.0 … 1.4 and 10 … 14 yen per resident. Kernel quartiles with
    n = 5: q1 = (v1 + 2·v2 + v3) / 4, median = (v2 + 2·v3 + v4) / 4, q3 = (v3 + 2·v4 + v5) / 4."""
    db = small_fixture.peers(tmp_path / "peers.duckdb")
    p = run(db, "pages/peer_stats", Scope("org", "131032"), fy=2026).iloc[0]     # 港区
    assert bool(p.published) and p.peer_group == "特別区"
    assert (p.ratio, p.per_capita_yen) == (pytest.approx(1.2), pytest.approx(12.0))
    assert (p.ratio_q1, p.ratio_median, p.ratio_q3) == (pytest.approx(1.1), pytest.approx(1.2),
                                                        pytest.approx(1.3))
    assert (p.per_capita_q1, p.per_capita_median, p.per_capita_q3) == (11.0, 12.0, 13.0)
    assert set(reference.organizations().set_index("org_code")
               .loc[list(small_fixture.WARDS), "peer_group"]) == {"特別区"}
