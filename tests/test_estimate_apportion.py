"""Shared lines apportioned by the documented rule (dashboard/estimate/annual.py), and the
review's pure charts."""
from __future__ import annotations

import pandas as pd

from dashboard.charts import estimate as charts
from dashboard.estimate import annual, review, summary
from estimate_fixtures import csv_estimate, line


def test_split_is_proportional_and_exact():
    assert annual.split(100, {"01": 1, "14": 2}) == {"01": 33, "14": 67}       # 33.3 / 66.7
    # all weights zero: equal thirds, the one spare yen to the first code (ties by code)
    assert annual.split(10, {"01": 0, "14": 0, "10": 0}) == {"01": 4, "10": 3, "14": 3}
    assert sum(annual.split(1_000_001, {"a": 3, "b": 3, "c": 3}).values()) == 1_000_001


def test_a_shared_line_follows_the_direct_amounts_of_the_operations():
    r = review.review("s.csv", csv_estimate([
        line("住基", "住民記録システム パッケージ利用料", None, None, "", 60, 1_000_000)[1:],   # 220,000 a year
        line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, 3_000_000)[1:],   # 660,000 a year
        line("共通", "ガバメントクラウド利用料", None, None, "", 60, 2_000_000)[1:],             # 440,000 a year
    ]), "352012")
    a = r.allocations
    cloud = a[a["item_key"] == "gc_usage"].set_index("system_code")["annual_yen"].to_dict()
    assert cloud == {"01": 110_000, "14": 330_000}          # 440,000 × 1/4 and × 3/4
    assert a["apportioned"].sum() == 2


def test_a_line_naming_two_operations_goes_only_to_those():
    r = review.review("s.csv", csv_estimate([
        line("住基", "住民記録システム パッケージ利用料", None, None, "", 60, 1_000_000)[1:],
        line("介護", "介護保険システム パッケージ利用料", None, None, "", 60, 1_000_000)[1:],
        line("国保", "国保システム パッケージ利用料", None, None, "", 60, 2_000_000)[1:],
        line("住基・介護", "GC接続回線", None, None, "", 60, 1_000_000)[1:],
    ]), "352012")
    a = r.allocations
    lines = a[a["item_key"] == "gc_network"].set_index("system_code")["annual_yen"].to_dict()
    assert lines == {"01": 110_000, "14": 110_000}


def test_with_no_operation_at_all_the_baseline_decides():
    rows = [{"index": 0, "item_key": "gc_usage", "systems": [], "shared": True, "annual_yen": 1000}]
    out = annual.allocate(rows, fallback={"01": 300, "02": 100})
    assert {o["system_code"]: o["annual_yen"] for o in out} == {"01": 750, "02": 250}
    assert annual.allocate(rows, fallback=None)[0]["system_code"] is None     # nowhere to go: kept, shown


def test_peer_position_chart_draws_published_items_only():
    frame = pd.DataFrame([
        {"item_key": "sw_lease", "label": "ソフトウェア借料", "own_yen": 500.0, "p25": 100.0, "p50": 150.0,
         "p75": 220.0, "p90": 300.0},
        {"item_key": "gc_usage", "label": "ガバメントクラウド利用料", "own_yen": 80.0, "p25": None, "p50": None,
         "p75": None, "p90": None},
    ])
    fig = charts.peer_position(frame)
    by_meta = {t.meta: t for t in fig.data}
    assert list(by_meta["own"].y) == ["ソフトウェア借料"] and list(by_meta["own"].x) == [500.0]
    assert list(by_meta["peer_iqr"].base) == [100.0] and list(by_meta["peer_iqr"].x) == [120.0]
    assert list(by_meta["peer_p90"].x) == [300.0]
    empty = charts.peer_position(frame.iloc[1:])
    assert not empty.data and "5団体以上" in empty.layout.annotations[0].text


def test_baseline_chart_and_its_table():
    r = review.review("s.csv", csv_estimate([
        line("住基", "住民記録システム パッケージ利用料", None, None, "", 60, 1_000_000)[1:]]), "352012")
    table = summary.by_item(r)
    assert table[["item_key", "annual_yen"]].values.tolist() == [["sw_lease", 220_000]]
    fig = charts.vs_baseline(table, 1_000_000, unit="sen")
    est = next(t for t in fig.data if t.meta == "estimate")
    assert list(est.y) == [220.0] and "1,000 千円" in fig.layout.title.text
    assert not [t for t in fig.data if t.meta == "target"]          # no baseline here, so no target
    with_base = table.assign(baseline_yen=[1_000_001], target_yen=[700_000])   # floor(7 × 1,000,001 / 10)
    target = next(t for t in charts.vs_baseline(with_base, 700_000, unit="sen").data if t.meta == "target")
    assert list(target.y) == [700.0]
