"""The synthetic demo data: structure, determinism and calibration to docs/demo-data.md.

Expected properties are computed here with plain pandas, independently of the generator.
"""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard import demo, reference

COST_KEY = ["org_code", "fiscal_year", "system_code", "item_key", "basis"]
DRIVER_KEY = ["org_code", "fiscal_year", "system_code", "driver_code"]
PAIR = ["org_code", "system_code"]
RANK = {"actual": 0, "budget": 1, "estimate": 2}


@pytest.fixture(scope="module")
def data() -> demo.DemoData:
    return demo.generate()


@pytest.fixture(scope="module")
def orgs() -> pd.DataFrame:
    return reference.organizations().set_index("org_code")


@pytest.fixture(scope="module")
def best(data) -> pd.DataFrame:
    """C(o,s,y) on the best basis present, and B(o,s) (FY2018 actual), per pair and year."""
    costs = data.costs.assign(rank=data.costs["basis"].map(RANK))
    top = costs.groupby(PAIR + ["fiscal_year"])["rank"].transform("min")
    c = (costs[costs["rank"] == top].groupby(PAIR + ["fiscal_year"], as_index=False)
         ["amount_yen"].sum().rename(columns={"amount_yen": "C"}))
    b = (costs[(costs["fiscal_year"] == 2018) & (costs["basis"] == "actual")]
         .groupby(PAIR, as_index=False)["amount_yen"].sum().rename(columns={"amount_yen": "B"}))
    return c.merge(b, on=PAIR, how="inner")             # matched pairs only


def _ratio_by(best: pd.DataFrame, year: int, by) -> pd.Series:
    sums = best[best["fiscal_year"] == year].groupby(by)[["C", "B"]].sum()
    return sums["C"] / sums["B"]


def test_deterministic(data):
    again = demo.generate()
    for name in ("costs", "drivers", "status"):
        pd.testing.assert_frame_equal(getattr(data, name), getattr(again, name))


def test_columns_and_unique_keys(data):
    assert list(data.costs.columns) == COST_KEY + ["amount_yen"]
    assert list(data.drivers.columns) == DRIVER_KEY + ["amount_yen"]
    assert list(data.status.columns) == PAIR + ["status", "planned_fy"]
    assert not data.costs.duplicated(COST_KEY).any()
    assert not data.drivers.duplicated(DRIVER_KEY).any()
    assert not data.status.duplicated(PAIR).any()


def _values(column: pd.Series) -> set:
    return set(column.unique())


def test_codes_in_reference(data, orgs):
    systems = set(reference.load("system")["system_code"])
    for frame in (data.costs, data.drivers, data.status):
        codes = _values(frame["org_code"])
        assert codes <= set(orgs.index)
        assert all(len(c) == 6 and c.isdigit() for c in codes)
        assert _values(frame["system_code"]) <= systems
    assert _values(data.costs["item_key"]) <= set(reference.load("cost_item")["item_key"])
    assert _values(data.drivers["driver_code"]) <= set(reference.load("driver")["driver_code"])
    assert _values(data.costs["basis"]) <= set(RANK)
    assert _values(data.status["status"]) <= {"migrated", "migrating", "delayed"}
    assert _values(data.costs["fiscal_year"]) == set(range(2018, 2031))
    assert set(data.status["planned_fy"].dropna()) <= set(range(2023, 2029))


def test_pairs_per_kind(data, orgs):
    per_org = data.status.groupby("org_code")["system_code"].agg(["size", set])
    kind = orgs.loc[per_org.index, "kind"]
    assert (per_org.loc[kind.isin(["市", "政令指定都市", "中核市", "特別区"]), "size"] == 20).all()
    towns = per_org.loc[kind.isin(["町", "村"])]
    assert (towns["size"] == 18).all()
    assert not any({"16", "19"} & s for s in towns["set"])
    assert all(s == {"16", "19"} for s in per_org.loc[kind == "都道府県", "set"])
    assert len(per_org) == len(orgs)
    # every pair has cost rows, and every pair with cost rows has a status
    cost_pairs = data.costs[PAIR].drop_duplicates()
    assert len(cost_pairs) == len(data.status)
    assert len(cost_pairs.merge(data.status[PAIR])) == len(data.status)


def test_amounts_integer(data):
    assert data.costs["amount_yen"].dtype == "int64"
    assert data.drivers["amount_yen"].dtype == "int64"
    assert (data.costs["amount_yen"] >= 0).all()
    assert (data.costs["amount_yen"] % 1000 == 0).all()
    assert str(data.status["planned_fy"].dtype) == "Int64"


def test_bases_by_year(data):
    pairs = data.costs[["fiscal_year", "basis"]].drop_duplicates()
    by_year = pairs.groupby("fiscal_year")["basis"].agg(set)
    for year in range(2018, 2025):
        assert by_year[year] == {"actual"}
    assert by_year[2025] == {"actual", "budget"}
    assert by_year[2026] == {"budget", "estimate"}
    for year in range(2027, 2031):
        assert by_year[year] == {"estimate"}
    fy2025 = data.costs.loc[data.costs["fiscal_year"] == 2025, ["org_code", "basis"]]
    fy2025 = fy2025.drop_duplicates()
    share_budget = (fy2025.groupby("org_code")["basis"].agg(set)
                    .map(lambda b: "budget" in b).mean())
    assert 0.1 <= share_budget <= 0.3


def test_new_items_only_from_migration_year(data):
    rows = data.costs.merge(data.status, on=PAIR)
    gc = rows[rows["item_key"].str.startswith("gc_")]
    assert len(gc) > 0
    assert (gc["fiscal_year"] >= gc["planned_fy"]).all()
    hw = rows[rows["item_key"].str.startswith("hw_")]
    assert (hw["fiscal_year"] <= hw["planned_fy"]).all()
    after = rows[rows["fiscal_year"] > rows["planned_fy"]]
    assert after["item_key"].str.startswith("gc_").any()


def test_delays(data):
    delayed = data.status["planned_fy"] > 2025
    assert (data.status.loc[delayed, "status"] != "migrated").all()
    assert (data.status.loc[~delayed, "status"] == "migrated").all()
    org_share = delayed.groupby(data.status["org_code"]).any().mean()
    assert 0.45 <= org_share <= 0.60
    assert 0.08 <= delayed.mean() <= 0.15


def test_core_cities_fy2026(best, orgs):
    ratio = _ratio_by(best, 2026, "org_code")
    core = ratio[orgs.loc[ratio.index, "kind"] == "中核市"]
    assert len(core) == 62
    assert 2.0 <= core.mean() <= 2.6
    assert (core >= 2.0).mean() > 0.5
    assert core.max() >= 4.5
    assert (core < 1.0).sum() >= 1


def test_per_capita_baseline(best, orgs):
    b = best[best["fiscal_year"] == 2018].groupby("org_code")["B"].sum()
    o = orgs.loc[b.index]
    per_capita = b / o["population"]
    villages = per_capita[o["kind"] == "村"].median()
    cities = per_capita[(o["kind"] == "市") & (o["population"] >= 100_000)].median()
    assert villages >= 3 * cities


def test_national_ratios(best):
    national = best.groupby("fiscal_year")[["C", "B"]].sum()
    ratio = national["C"] / national["B"]
    assert 1.9 <= ratio[2026] <= 2.4
    assert ratio[2030] < ratio[2026]


def test_attributions_explain_fy2026(data, best):
    year = best[best["fiscal_year"] == 2026]
    delta = year["C"].sum() - year["B"].sum()
    attributed = data.drivers.loc[data.drivers["fiscal_year"] == 2026, "amount_yen"].sum()
    assert 0.75 <= attributed / delta <= 1.0


def test_software_carries_the_increase(data, best):
    actual = data.costs[data.costs["basis"] == "actual"]
    by_item = actual.groupby(["fiscal_year", "item_key"])["amount_yen"].sum().unstack(fill_value=0)
    change = by_item.loc[2025] - by_item.loc[2018]
    software = change[["sw_lease", "sw_maint"]].sum()
    assert software > 0.5 * change.sum()


def test_countermeasures_grow(data):
    measures = data.drivers[data.drivers["driver_code"].str.startswith("M")]
    total = measures.groupby("fiscal_year")["amount_yen"].sum()
    series = [total[y] for y in range(2026, 2031)]
    assert all(a > b for a, b in zip(series, series[1:]))   # more negative every year
    assert series[0] < 0


def test_prefectures_on_target_fy2030(best, orgs):
    pref = orgs.loc[best["org_code"], "pref_code"].to_numpy()
    ratio = _ratio_by(best.assign(pref_code=pref), 2030, "pref_code")
    assert len(ratio) == 47
    assert 3 <= (ratio <= 0.7).sum() <= 12
    assert (ratio > 0.7).sum() > 47 / 2
