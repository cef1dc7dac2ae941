"""The reference list matches 総務省's published counts and the JIS X 0402 check digits."""
import pandas as pd

from dashboard import reference
from dashboard.config import REFERENCE_DIR


def test_organization_counts_match_the_published_figures():
    orgs = reference.organizations()
    counts = orgs["kind"].value_counts().to_dict()
    assert len(orgs) == 1788
    assert counts["都道府県"] == 47
    assert counts["市"] + counts["政令指定都市"] + counts["中核市"] == 792
    assert counts["政令指定都市"] == 20
    assert counts["中核市"] == 62
    assert counts["町"] == 743
    assert counts["村"] == 183
    assert counts["特別区"] == 23
    assert orgs["org_code"].is_unique


def test_every_check_digit_is_valid():
    raw = pd.read_csv(REFERENCE_DIR / "organizations.csv", dtype=str)
    for code in raw["org_code"]:
        d = [int(c) for c in code[:5]]
        s = 6 * d[0] + 5 * d[1] + 4 * d[2] + 3 * d[3] + 2 * d[4]
        assert int(code[5]) == (11 - s % 11) % 10, code


def test_known_codes_from_the_domain_contract():
    names = reference.org_names()
    assert names["010006"] == "北海道"
    assert names["011002"] == "札幌市"
    assert reference.check_digit("01000") == 6


def test_prefectures_end_in_0000_and_population_is_the_2020_census():
    orgs = reference.organizations()
    prefs = orgs[orgs["kind"] == "都道府県"]
    assert prefs["org_code"].str[2:5].eq("000").all()
    assert not orgs["population_synthetic"].any()
    population = dict(zip(orgs["org_code"], orgs["population"]))
    # 令和2年国勢調査 総人口, as published by 総務省統計局
    assert population["011002"] == 1_973_395           # 札幌市
    assert population["131016"] == 66_680              # 千代田区
    assert population["134023"] == 169                 # 青ヶ島村
    assert population["350001"] == 1_342_059           # 山口県
    assert population["075469"] == 0                   # 双葉町: whole town evacuated in Oct 2020
    assert sum(population[c] for c in prefs["org_code"]) == 126_146_099
    # a prefecture's population is the sum of its municipalities'
    muni = orgs[orgs["kind"] != "都道府県"].groupby("pref_code")["population"].sum()
    assert (prefs.set_index("pref_code")["population"] == muni).all()


def test_dimension_tables_follow_the_domain_contract():
    assert len(reference.load("system")) == 20
    assert set(reference.load("system").query("prefecture_runs")["system_code"]) == {"16", "19"}
    items = reference.load("cost_item")
    assert len(items) == 12
    assert set(items.query("new_after_migration")["item_key"]) == {"gc_usage", "gc_network", "gc_ops"}
    assert set(items.query("software_related")["item_key"]) == {"sw_lease", "sw_maint"}
    drivers = reference.load("driver")
    assert len(drivers) == 29
    assert drivers["is_countermeasure"].sum() == 13
    mapping = reference.load("countermeasure_map")
    assert len(mapping) == 25
    assert set(mapping["factor_code"]) <= set(drivers.query("not is_countermeasure")["driver_code"])
    assert set(mapping["measure_code"]) <= set(drivers.query("is_countermeasure")["driver_code"])


def test_peer_groups_follow_the_population_bands():
    assert reference.peer_group("市", 49_999) == "市 5万未満"
    assert reference.peer_group("市", 50_000) == "市 5-10万"
    assert reference.peer_group("町", 4_999) == "町村 5千未満"
    assert reference.peer_group("村", 20_000) == "町村 2万以上"
    assert reference.peer_group("中核市", 10) == "中核市"
    assert reference.peer_group("都道府県", 10) is None
