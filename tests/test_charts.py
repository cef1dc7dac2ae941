"""Chart functions: pure DataFrame → Figure, tested without Streamlit.

Hand-made frames give hand-worked expectations; the demo-database checks compare the
catalog with `summary --json` from a separate process and with plain pandas.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import catalog
from dashboard.charts import (bars, distribution, factors, japan_map, peers, style, trajectory,
                              waterfall)
from dashboard.scope import Scope
from tests.conftest import summary_json

FONT = "Noto Sans CJK JP, IPAexGothic, sans-serif"


def trajectory_frame() -> pd.DataFrame:
    # baseline 1,000,000,000 yen every year; actual to FY2025, projected from FY2026
    rows = []
    for fy, cur in zip(range(2018, 2031), (1000, 1010, 1020, 1030, 1040, 1100, 1300, 1800, 2100,
                                            1900, 1500, 1200, 900)):
        rows.append({"fiscal_year": fy, "baseline_yen": 1_000_000_000, "current_yen": cur * 1_000_000,
                     "target_yen": 700_000_000, "pairs_matched": 4, "pairs_projected": 4 if fy >= 2026 else 0,
                     "basis": "projected" if fy >= 2026 else "actual"})
    return pd.DataFrame(rows)


def test_trajectory_has_target_baseline_deadline_and_dashed_estimates():
    fig = trajectory.figure(trajectory_frame(), lang="ja", unit="hyakuman", fy=2030)
    by_meta = {t.meta: t for t in fig.data}
    assert list(by_meta["target"].y) == [700.0, 700.0]          # 70% of 1,000 百万円
    assert list(by_meta["baseline"].y) == [1000.0, 1000.0]
    assert by_meta["actual"].line.dash == "solid"
    assert list(by_meta["actual"].x) == list(range(2018, 2026))
    assert by_meta["projected"].line.dash == "dash"
    assert list(by_meta["projected"].x) == list(range(2025, 2031))   # joined at the last actual year
    deadline = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == 2025.5]
    assert deadline, "the end-of-FY2025 deadline is marked"
    assert fig.layout.font.family == FONT
    assert "令和7<br>(2025)" in fig.layout.xaxis.ticktext


def test_trajectory_reading_states_gap_in_chosen_unit():
    text = trajectory.reading(trajectory_frame(), lang="ja", unit="hyakuman", fy=2030)
    # FY2030 900 百万円 against 1,000: -10.0%; target 700 → 200 百万円 to cut
    assert "\u221210.0%" in text and "200 百万円" in text
    assert "FY2030" in trajectory.reading(trajectory_frame(), lang="en", unit="sen", fy=2030)


def test_stacked_trajectory_patterns_each_item_and_labels_new_items():
    items = pd.DataFrame([
        {"fiscal_year": 2025, "item_key": "sw_lease", "sort_order": 1, "short_name_ja": "ソフトウェア借料",
         "name_en": "Software lease", "new_after_migration": False, "current_yen": 5, "baseline_yen": 5},
        {"fiscal_year": 2026, "item_key": "gc_usage", "sort_order": 7, "short_name_ja": "ガバメントクラウド利用料",
         "name_en": "GC usage", "new_after_migration": True, "current_yen": 7, "baseline_yen": 0}])
    fig = trajectory.figure(trajectory_frame(), items=items, stacked=True, lang="ja", fy=2026)
    bars_ = {t.meta: t for t in fig.data if isinstance(t, go.Bar)}
    # every item its own colour AND pattern (by sort order), so colour never carries it alone
    assert bars_["item:gc_usage"].marker.pattern.shape == "-" == style.PATTERNS[6]
    assert bars_["item:sw_lease"].marker.pattern.shape == "" == style.PATTERNS[0]
    assert bars_["item:gc_usage"].marker.color != bars_["item:sw_lease"].marker.color
    assert "（新規）" in bars_["item:gc_usage"].name
    assert fig.layout.barmode == "stack"
    assert {"target", "baseline"} <= {t.meta for t in fig.data}


def test_waterfall_closes_exactly_by_hand():
    kpi = {"baseline_yen": 1_000_000_001, "current_yen": 1_234_567_891}
    drivers = pd.DataFrame({"group_key": ["structural", "structural", "enhancement", "external",
                                          "immediate_measure", "structural_measure"],
                            "amount_yen": [300_000_000, 7, 50_000_000, 20_000_000, -60_000_000, -1]})
    st = waterfall.steps(kpi, drivers)
    amounts = dict(zip(st["step"], st["amount_yen"]))
    assert amounts["structural"] == 300_000_007
    assert amounts["countermeasures"] == -60_000_001
    # (1,234,567,891 - 1,000,000,001) - (300,000,007 + 50,000,000 + 20,000,000 - 60,000,001)
    assert amounts["unattributed"] == -75_432_116
    assert amounts["baseline"] + sum(st["amount_yen"].iloc[1:-1]) == amounts["current"] == 1_234_567_891
    fig = waterfall.figure(st, lang="en", unit="sen", fy=2026)
    wf = fig.data[0]
    assert list(wf.measure) == ["absolute"] + ["relative"] * 5 + ["total"]
    assert math.isclose(sum(wf.y[:-1]), wf.y[-1], rel_tol=1e-12)


@pytest.mark.parametrize("scope", ["national", "pref:35", "org:352012"])
def test_waterfall_closes_against_summary_json(demo_db, scope):
    fy = 2026
    expected = summary_json(demo_db, fy, scope)        # separate process
    from dashboard import store
    with store.reader(demo_db) as con:
        spec, = catalog.chart_specs(con, Scope.parse(scope), fy, keys=["waterfall"])
    yen = spec.table["金額 (円)"].tolist()
    assert yen[0] == expected["baseline_yen"]
    assert yen[-1] == expected["current_yen"]
    assert yen[5] == expected["unattributed_yen"]
    assert yen[0] + sum(yen[1:6]) == yen[-1]
    groups = {"S": 1, "F": 2, "E": 3, "M": 4}            # driver code prefix → waterfall row
    by_row = {1: 0, 2: 0, 3: 0, 4: 0}
    for d in expected["by_driver"]:
        by_row[groups[d["driver"][0]]] += d["amount_yen"]
    assert [yen[i] for i in (1, 2, 3, 4)] == [by_row[i] for i in (1, 2, 3, 4)]


def map_frame(n: int = 47) -> pd.DataFrame:
    return pd.DataFrame({"pref_code": [f"{i:02d}" for i in range(1, n + 1)],
                         "pref_name": [f"県{i}" for i in range(1, n + 1)],
                         "orgs_in_scope": 10, "orgs_reporting": 10, "orgs_over_baseline": 3, "orgs_on_target": 1,
                         "baseline_yen": [100] * n, "current_yen": [50 + 3 * i for i in range(n)]})


def test_map_is_offline_diverging_and_clickable():
    fig = japan_map.figure(map_frame(), lang="ja")
    assert all(t.type == "scatter" for t in fig.data), "no geo traces: they fetch from a CDN"
    filled = [t for t in fig.data if t.fill == "toself"]
    assert len(filled) == 47
    marker = next(t for t in fig.data if t.meta == "prefectures")
    assert list(marker.customdata) == [f"{i:02d}" for i in range(1, 48)]
    assert marker.marker.cmid == 0 and marker.marker.cmin == -marker.marker.cmax
    assert -30 in marker.marker.colorbar.tickvals
    assert "-30% 目標" in marker.marker.colorbar.ticktext
    assert not fig.layout.xaxis.visible and not fig.layout.yaxis.visible
    # a decrease is blue-ish, an increase orange-ish (first pref -50%, last +88%)
    assert filled[0].fillcolor != filled[-1].fillcolor
    # by hand: 50 + 3i ≤ 70 for i = 0..6 (7 reach -30%), 50 + 3i > 100 for i = 17..46 (30 above)
    assert japan_map.reading(map_frame(), lang="ja") == (
        "47 都道府県のうち -30% に達しているのは 7、基準年度を上回るのは 30 で、増加率が最も大きいのは県47（+88.0%）です。")


def test_map_without_data_explains():
    frame = map_frame().assign(baseline_yen=0, current_yen=0)
    fig = japan_map.figure(frame, lang="en")
    assert fig.layout.annotations and "no comparable" in fig.layout.annotations[0].text


def org_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "org_code": ["1", "2", "3", "4"], "name": ["a", "b", "c", "d"],
        "kind": ["市", "市", "町", "村"], "peer_group": ["市 5万未満"] * 2 + ["町村 5千未満"] * 2,
        "population": [40000, 30000, 4000, 3000], "ratio": [1.5, 0.6, 1.0, None],
        "over_baseline": [True, False, False, None], "on_target": [False, True, False, None],
        "baseline_yen": [100, 100, 100, None], "current_yen": [150, 60, 100, None]})


def test_distribution_marks_one_and_target():
    fig = distribution.figure(org_frame(), by="kind", lang="ja")
    xs = sorted(s.x0 for s in fig.layout.shapes)
    assert xs == [0.7, 1.0]
    assert [t.name for t in fig.data if t.type == "box"] == ["市", "町"]   # the village has no ratio
    city_box = fig.data[0]                     # sent as statistics: ratios 1.5 and 0.6
    assert city_box.orientation == "h"
    assert (city_box.q1[0], city_box.median[0], city_box.q3[0]) == pytest.approx((0.825, 1.05, 1.275))
    assert (city_box.lowerfence[0], city_box.upperfence[0]) == (0.6, 1.5)
    assert not [t for t in fig.data if t.type == "scatter"]   # no ratio beyond 1.5 IQR
    table = distribution.table(org_frame(), by="kind", lang="en")
    city = table[table["Group"] == "City"].iloc[0]
    assert city["Organizations"] == 2 and city["Median"] == pytest.approx(1.05)
    assert city["Over baseline"] == 1 and city["At 0.7 or below"] == 1


def test_distribution_sends_only_outlying_organizations():
    ratios = [1.0, 1.01, 1.02, 1.03, 1.04, 2.5]        # Q1 1.0125, Q3 1.0375: 2.5 > 1.075
    frame = pd.DataFrame({"org_code": [str(i) for i in range(6)], "name": list("abcdef"),
                          "kind": ["市"] * 6, "peer_group": ["市 5万未満"] * 6, "ratio": ratios})
    fig = distribution.figure(frame, by="kind", lang="en")
    box, = [t for t in fig.data if t.type == "box"]
    points, = [t for t in fig.data if t.type == "scatter"]
    assert list(points.x) == [2.5] and list(points.text) == ["f"]
    assert box.upperfence[0] == 1.04 and box.lowerfence[0] == 1.0
    assert box.median[0] == pytest.approx(1.025)


def test_by_item_shows_new_costs_as_new():
    df = pd.DataFrame({
        "item_key": ["sw_lease", "gc_usage"], "sort_order": [1, 7], "group_ja": ["物品費"] * 2,
        "group_en": ["Goods"] * 2, "short_name_ja": ["ソフトウェア借料", "GC利用料"],
        "name_ja": ["ソフトウェア借料", "GC利用料"], "name_en": ["Software lease", "GC usage"],
        "new_after_migration": [False, True], "software_related": [True, False],
        "baseline_yen": [100_000_000, 0], "current_yen": [150_000_000, 40_000_000]})
    fig = bars.by_item(df, lang="ja")
    current = next(t for t in fig.data if t.meta == "current")
    assert list(current.y) == ["ソフトウェア借料", "GC利用料（新規）"]
    assert list(current.marker.pattern.shape) == ["", style.NEW_ITEM_PATTERN]
    table = bars.by_item_table(df, lang="en")
    assert table["New after migration"].tolist() == ["", "new"]
    assert pd.isna(table["Change"].tolist()[1])           # no rate against a zero baseline
    assert "40 million yen" in bars.by_item_reading(df, lang="en")


def test_by_system_marks_target():
    df = pd.DataFrame({"system_code": ["01", "02"], "name_ja": ["住民基本台帳", "戸籍"],
                       "name_en": ["Resident registry", "Family register"],
                       "baseline_yen": [100, 200], "current_yen": [60, 300], "pairs_matched": [1, 1],
                       "pairs_projected": [0, 0]})
    fig = bars.by_system(df, lang="ja")
    assert list(fig.data[0].x) == pytest.approx([-40.0, 50.0])
    assert any(s.x0 == -30 for s in fig.layout.shapes)
    assert "1 業務" in bars.by_system_reading(df, lang="ja")


def test_peers_need_a_published_group_and_never_list_peers():
    row = {"org_code": "x", "peer_group": "中核市", "published": False, "ratio": 2.0, "per_capita_yen": 3000.0,
           "ratio_q1": None, "ratio_median": None, "ratio_q3": None, "per_capita_q1": None,
           "per_capita_median": None, "per_capita_q3": None}
    small = pd.DataFrame([row])
    assert peers.table(small).empty
    assert "公表の条件" in peers.reading(small, lang="ja")
    big = pd.DataFrame([{**row, "published": True, "ratio_q1": 1.0, "ratio_median": 1.5, "ratio_q3": 2.5,
                         "per_capita_q1": 1000.0, "per_capita_median": 1500.0, "per_capita_q3": 2500.0}])
    fig = peers.figure(big, lang="en")
    assert {t.meta for t in fig.data} >= {"own:ratio", "peer_median:ratio", "peer_iqr:ratio"}
    table = peers.table(big, lang="en")
    assert len(table) == 2                                  # ratio and per-capita rows, aggregates only
    assert not any("organizations" in c.lower() for c in table.columns)   # no member count (finding 11)
    assert "62" not in peers.reading(big, lang="en") and "団体）" not in peers.reading(big, lang="ja")


def test_factor_matrix_external_factors_have_no_countermeasure():
    df = pd.DataFrame([
        {"factor_code": "S01", "factor_sort": 1, "factor_group_ja": "構造的要因", "factor_group_en": "Structural",
         "factor_ja": "新たな経費", "factor_en": "New costs", "factor_yen": 500_000_000, "measure_code": "M101",
         "measure_sort": 17, "measure_ja": "見積精査支援", "measure_en": "Estimate review", "measure_yen": -100_000_000},
        {"factor_code": "E01", "factor_sort": 14, "factor_group_ja": "外部要因", "factor_group_en": "External",
         "factor_ja": "物価上昇", "factor_en": "Prices", "factor_yen": 50_000_000, "measure_code": None,
         "measure_sort": None, "measure_ja": None, "measure_en": None, "measure_yen": None}])
    fig = factors.factor_measure(df, lang="ja", unit="hyakuman")
    heat = fig.data[0]
    # names, not bare codes (a briefing reads 「物価上昇」); the factor row also states its amount
    assert list(heat.x) == ["M101 見積精査支援", "財政措置"]
    assert list(heat.y) == ["S01 新たな経費 (500)", "E01 物価上昇 (50)"]
    assert heat.z[0][0] == -100.0 and heat.z[1][0] is None
    assert heat.zmid == 0


@pytest.mark.parametrize("kind,scope", [("national", "national"), ("pref", "pref:35"), ("org", "org:352012")])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_catalog_builds_every_chart(demo_db, kind, scope, lang):
    from dashboard import store
    with store.reader(demo_db) as con:
        specs = catalog.chart_specs(con, Scope.parse(scope), 2026, lang=lang, unit="oku")
    assert [s.key for s in specs] == list(catalog.CATALOG_KEYS[kind])
    for spec in specs:
        assert spec.title and spec.reading.strip()
        assert spec.figure.layout.font.family == FONT
        assert not any(t.type.startswith(("scattergeo", "choropleth")) for t in spec.figure.data)
        if not spec.empty:
            assert isinstance(spec.table, pd.DataFrame) and not spec.table.empty, spec.key


def test_catalog_year_without_data_is_empty_not_an_error(demo_db):
    from dashboard import store
    with store.reader(demo_db) as con:
        specs = catalog.chart_specs(con, Scope.parse("pref:35"), 2017, lang="en")
    by_key = {s.key: s for s in specs}
    assert by_key["waterfall"].empty and by_key["by_system"].figure.layout.annotations
    assert "no comparable" in by_key["by_system"].reading


def test_catalog_rejects_unknown_keys(demo_db):
    from dashboard import store
    with store.reader(demo_db) as con, pytest.raises(KeyError):
        catalog.chart_specs(con, Scope(), 2026, keys=["pie"])
