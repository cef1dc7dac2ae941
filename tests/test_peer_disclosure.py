"""Finding 1 and part of 11: the peer comparison discloses no member's own figure.

The attack as it was reported: a 萩市 user, in a peer group of exactly 5 reporting members,
matched the published quartiles (which were three members' exact values) against the
members' public populations and recovered 小松市's current cost to the yen; every fiscal
year gave a fresh set. Here the same attacker, and every other member in turn, tries that
and the stronger version that knows the member's own value and the interpolation weights,
over every fiscal year, on what the page, its CSV table and the XLSX pack publish.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import access, demo, reference, store, queries
from dashboard.charts import peers
from dashboard.config import BASELINE_FY
from dashboard.scope import Scope
from tests import access_fixtures as F

# The reported attack put 萩市 and 小松市 in one group under the synthetic populations; with the
# census (萩市 44,626; 小松市 106,216) they are apart, so the victim is 長門市 (32,519), which
# shares 萩市's band.
GROUP_OF_5 = "市 5万未満"          # 萩市 (352047) and 長門市 (352110) are both in it
HAGI, KOMATSU = "352047", "352110"
SIZES = {GROUP_OF_5: 5, "市 5-10万": 6, "市 10-15万": 7}
STATS = ("ratio_q1", "ratio_median", "ratio_q3", "per_capita_q1", "per_capita_median",
         "per_capita_q3")
WEIGHTS = (0.25, 0.5, 0.75, 1 / 3, 2 / 3)   # every weight plain linear interpolation could use


def _members() -> pd.DataFrame:
    orgs = reference.organizations()
    orgs = orgs[orgs["kind"] == "市"]
    chosen = []
    for group, size in SIZES.items():
        rows = orgs[orgs["peer_group"] == group]
        first = rows[rows["org_code"].isin([HAGI, KOMATSU])] if group == GROUP_OF_5 else rows.iloc[:0]
        rest = rows[~rows["org_code"].isin(first["org_code"])].head(size - len(first))
        chosen.append(pd.concat([first, rest]))
    return pd.concat(chosen).reset_index(drop=True)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    codes = set(_members()["org_code"])
    data = demo.generate()
    keep = lambda f: f[f["org_code"].isin(codes)].reset_index(drop=True)  # noqa: E731
    subset = demo.DemoData(keep(data.costs), keep(data.drivers), keep(data.status))
    return F.build(tmp_path_factory.mktemp("peers") / "peers.duckdb", subset, batch_kind=None)


def _truth(con) -> pd.DataFrame:
    """Every member's own figures per year, read straight from the mart (the secrets)."""
    return con.execute(
        "select m.org_code, m.fiscal_year, m.current_yen, m.baseline_yen, o.population, o.peer_group "
        "from mart_org_year m join organization o using (org_code) "
        "where m.baseline_yen > 0 and m.current_yen > 0").df()


def _recovered(published: dict, own: pd.Series, others: pd.DataFrame) -> list[str]:
    """What the attacker gets right: exact ratios, or per-capita values times a population that
    land on a member's yen figure. Candidates: each published statistic as it stands, and each
    solved for the unknown partner of an interpolation with the attacker's own value."""
    found = []
    for column, q in published.items():
        if q is None or pd.isna(q):
            continue
        measure = "ratio" if column.startswith("ratio") else "per_capita"
        mine = own["current_yen"] / own["baseline_yen"] if measure == "ratio" else \
            own["current_yen"] / own["population"]
        candidates = [q] + [(q - w * mine) / (1 - w) for w in WEIGHTS]
        for _, m in others.iterrows():
            for c in candidates:
                if measure == "ratio" and abs(c - m["current_yen"] / m["baseline_yen"]) < 1e-9:
                    found.append(f"{column}: ratio of {m['org_code']}")
                if measure == "per_capita" and abs(c * m["population"] - m["current_yen"]) < 0.5:
                    found.append(f"{column}: {m['current_yen']} yen of {m['org_code']}")
    return found


def test_the_reported_attack_recovers_no_members_figure_in_any_year(db):
    with store.reader(db) as con:
        truth = _truth(con)
        years = sorted(truth["fiscal_year"].unique())
        assert len(years) >= 5
        leaks, published_groups = [], set()
        for fy in years:
            year = truth[truth["fiscal_year"] == fy]
            for _, own in year.iterrows():
                attacker = access.User("attacker", "cli", Scope("org", own["org_code"]))
                scope = access.check(attacker, Scope("org", own["org_code"]))   # the attacker's own
                row = queries.run(con, "pages/peer_stats", scope, fy=int(fy))
                if row.empty or not bool(row["published"].iloc[0]):
                    continue
                published_groups.add((fy, own["peer_group"]))
                others = year[(year["peer_group"] == own["peer_group"])
                              & (year["org_code"] != own["org_code"])]
                # in FY2018 every ratio is 1 by definition: nothing to disclose there
                columns = [c for c in STATS if fy != BASELINE_FY or not c.startswith("ratio")]
                leaks += _recovered({c: row[c].iloc[0] for c in columns}, own, others)
    # the group of exactly 5 (萩市, 小松市 …) was published in some year: the attack had material
    assert any(group == GROUP_OF_5 for _, group in published_groups)
    assert leaks == []


def test_published_statistics_are_rounded_interpolations_not_order_statistics(db):
    with store.reader(db) as con:
        truth = _truth(con)
        table = queries.run(con, "pages/peer_stats", Scope(), fy=2026)
    year = truth[truth["fiscal_year"] == 2026]
    row = table[table["peer_group"] == GROUP_OF_5].iloc[0]
    assert bool(row["published"])
    members = year[year["peer_group"] == GROUP_OF_5]
    ratios = sorted(members["current_yen"] / members["baseline_yen"])
    assert len(ratios) == 5
    # worked out by hand: n = 5, positions h = 2, 3, 4, triangular weights 1:2:1 around h
    for column, h in (("ratio_q1", 2), ("ratio_median", 3), ("ratio_q3", 4)):
        expected = (ratios[h - 2] + 2 * ratios[h - 1] + ratios[h]) / 4
        assert row[column] == float(f"{expected:.3g}")
        assert all(abs(row[column] - r) > 1e-12 for r in ratios)
    for column in STATS:
        assert float(f"{row[column]:.3g}") == row[column]          # 3 significant figures
    assert "members" not in table.columns                        # the count is not published


def test_dominance_and_reporting_members_decide_publication(tmp_path):
    members = _members()
    group = members[members["peer_group"] == GROUP_OF_5]["org_code"].tolist()
    data = demo.generate()
    keep = lambda f: f[f["org_code"].isin(group)].reset_index(drop=True)  # noqa: E731
    costs = keep(data.costs)
    # one member ten times the others, in FY2026 only (more than half of the group's current
    # total), or in FY2018 only (more than half of the baseline total): each rule on its own
    dominated = []
    for year in (2026, 2018):
        costs = keep(data.costs)
        big = (costs["org_code"] == KOMATSU) & (costs["fiscal_year"] == year)
        costs.loc[big, "amount_yen"] = costs.loc[big, "amount_yen"] * 10
        dominated.append(F.build(tmp_path / f"dominated_{year}.duckdb",
                                 demo.DemoData(costs, keep(data.drivers), keep(data.status)), batch_kind=None))
    # one member without any cost line in FY2026: 4 reporting members that year
    costs = keep(data.costs)
    costs = costs[~((costs["org_code"] == KOMATSU) & (costs["fiscal_year"] == 2026))]
    four = F.build(tmp_path / "four.duckdb",
                   demo.DemoData(costs, keep(data.drivers), keep(data.status)), batch_kind=None)
    for path in (*dominated, four):
        with store.reader(path) as con:
            table = queries.run(con, "pages/peer_stats", Scope(), fy=2026)
        assert len(table) >= 4
        assert not table["published"].any()
        assert table[list(STATS)].isna().all().all()
        assert peers.table(table.iloc[:1]).empty


def test_downloads_and_the_xlsx_pack_carry_only_the_rounded_statistics(db):
    """The chart table (the CSV download) and the XLSX pack of 萩市 hold no other member's figure."""
    from dashboard.export import pack
    scope = Scope("org", HAGI)
    with store.reader(db) as con:
        truth = _truth(con)
        scope = access.check(access.User("hagi", "cli", scope), scope)   # 萩市's own scope
        result = pack.build(con, scope, 2026, "xlsx", keys=["peers"])
        row = queries.run(con, "pages/peer_stats", scope, fy=2026)
    assert bool(row["published"].iloc[0])
    table = peers.table(row)
    numbers = {float(v) for v in table.select_dtypes("number").to_numpy().ravel()}
    book = load_workbook(io.BytesIO(result.data))
    cells = {float(c) for ws in book for r in ws.iter_rows(values_only=True) for c in r
             if isinstance(c, (int, float))}
    year = truth[truth["fiscal_year"] == 2026]
    others = year[(year["peer_group"] == GROUP_OF_5) & (year["org_code"] != HAGI)]
    own = year[year["org_code"] == HAGI].iloc[0]
    for values in (numbers, cells):
        published = {f"v{i}": v for i, v in enumerate(values)}
        hits = _recovered({k.replace("v", "ratio_", 1): v for k, v in published.items()}, own, others) + \
            _recovered({k.replace("v", "per_capita_", 1): v for k, v in published.items()}, own, others)
        assert hits == []
    assert row["per_capita_median"].iloc[0] in cells            # the statistic did reach the pack
