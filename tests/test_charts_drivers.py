"""The top-drivers chart (the pack's factor slide): factors by name, largest first, one colour
and pattern per group, countermeasures left out; checked on a hand-made frame and against
`summary --json` and the reference CSV read directly."""
from __future__ import annotations

import csv

import pandas as pd

from dashboard.charts import drivers
from tests.conftest import ROOT, summary_json


def frame() -> pd.DataFrame:
    rows = [  # code, sort, group, countermeasure, amount (yen)
        ("S01", 1, "structural", False, 300_000_000), ("S02", 2, "structural", False, 0),
        ("S03", 3, "structural", False, 50_000_000), ("F01", 11, "enhancement", False, 120_000_000),
        ("E01", 14, "external", False, 120_000_000), ("E03", 16, "external", False, -80_000_000),
        ("M101", 17, "immediate_measure", True, -900_000_000)]
    group = {"structural": ("構造的要因", "Structural factors"), "enhancement": ("機能強化要因", "Function-enhancement factors"),
             "external": ("外部要因", "External factors"), "immediate_measure": ("当面の対策", "Immediate countermeasures")}
    return pd.DataFrame([{"driver_code": c, "sort_order": s, "group_key": g, "group_ja": group[g][0],
                          "group_en": group[g][1], "is_countermeasure": m, "name_ja": f"要因{c}",
                          "name_en": f"Factor {c}", "amount_yen": a} for c, s, g, m, a in rows])


def test_factors_by_size_without_countermeasures_or_zeros():
    # by |amount|: S01 300, F01 120 and E01 120 (tie: reference order F01 first), E03 -80, S03 50;
    # S02 is zero and M101 a countermeasure (however large)
    assert list(drivers.top(frame())["driver_code"]) == ["S01", "F01", "E01", "E03", "S03"]
    assert list(drivers.top(frame(), 2)["driver_code"]) == ["S01", "F01"]


def test_figure_names_groups_and_values():
    fig = drivers.figure(frame(), lang="ja", unit="hyakuman")
    assert [t.name for t in fig.data] == ["構造的要因", "機能強化要因", "外部要因"]
    by_group = {t.meta: (list(t.y), list(t.x), list(t.text)) for t in fig.data}
    assert by_group["group:structural"] == (["要因S01", "要因S03"], [300.0, 50.0], ["+300", "+50"])
    assert by_group["group:external"] == (["要因E01", "要因E03"], [120.0, -80.0], ["+120", "\u221280"])
    assert list(fig.layout.yaxis.categoryarray) == ["要因S01", "要因F01", "要因E01", "要因E03", "要因S03"]
    # every group has its own colour and its own pattern (colour never alone)
    assert len({t.marker.color for t in fig.data}) == 3
    assert len({t.marker.pattern.shape for t in fig.data}) == 3
    # room beyond the longest bar (300) and below the negative one (-80) for the value labels
    low, high = fig.layout.xaxis.range
    assert high > 300 * 1.1 and low < -80 * 1.1


def test_long_names_wrap_to_lines_that_fit():
    df = frame()
    df.loc[0, "name_ja"] = "制度改正に伴う標準仕様書の度重なる改定（開発費増の転嫁）"     # 28 characters
    fig = drivers.figure(df, lang="ja")
    label = fig.layout.yaxis.categoryarray[0]
    assert label.replace("<br>", "") == df.loc[0, "name_ja"]
    assert all(len(line) <= 15 for line in label.split("<br>"))


def test_reading_and_table_in_english():
    df = frame()
    text = drivers.reading(df, lang="en", unit="hyakuman")
    # all factors: 300 + 0 + 50 + 120 + 120 - 80 = 510; top 5 are all the non-zero ones: 510
    assert text.startswith("The largest factor is 'Factor S01' (300 million yen)")
    assert "add 510 million yen of 510 million yen" in text
    table = drivers.table(df, lang="en", unit="oku")
    assert list(table["Code"]) == ["S01", "F01", "E01", "E03", "S03"]
    assert list(table["Amount (100 million yen)"]) == [3.0, 1.2, 1.2, -0.8, 0.5]


def test_empty_when_nothing_is_attributed():
    df = frame().assign(amount_yen=0)
    assert drivers.top(df).empty
    assert drivers.figure(df, lang="en").layout.annotations[0].text.startswith("There are no factor")


def test_demo_prefecture_matches_summary_json(demo_db):
    """The catalog's chart for 山口県 FY2026 against the CLI's by_driver and drivers.csv."""
    from dashboard import catalog, store
    from dashboard.scope import Scope
    with open(ROOT / "data" / "reference" / "drivers.csv", encoding="utf-8") as f:
        ref = {r["driver_code"]: r for r in csv.DictReader(f)}
    amounts = {d["driver"]: d["amount_yen"] for d in summary_json(demo_db, 2026, "pref:35")["by_driver"]}
    factors = [c for c, r in ref.items() if r["is_countermeasure"] == "false" and amounts.get(c)]
    expected = sorted(factors, key=lambda c: (-abs(amounts[c]), int(ref[c]["sort_order"])))[:8]
    assert len(expected) == 8
    with store.reader(demo_db) as con:
        spec = catalog.chart_specs(con, Scope.parse("pref:35"), 2026, keys=["top_drivers"])[0]
    names = [n.replace("<br>", "") for n in spec.figure.layout.yaxis.categoryarray]
    assert names == [ref[c]["name_ja"] for c in expected]
    shown = {y.replace("<br>", ""): x for t in spec.figure.data for y, x in zip(t.y, t.x)}
    for code in expected:
        assert shown[ref[code]["name_ja"]] == amounts[code] / 1_000_000
    first = ref[expected[0]]
    assert spec.reading.startswith(f"最大の要因は「{first['name_ja']}」")
    assert not spec.empty and spec.title == "主な増加要因（上位8要因）"
