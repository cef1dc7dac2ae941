"""With every lever neutral, the scenario equals the stored figures to the yen.

Checked on the national demo database for the whole country, 山口県 (pref:35) and one
organization (下関市), year by year FY2026-FY2030, against the metrics that
`summary --json` prints (queries/metrics/kpi.sql, a separate path through the marts).
Also: the neutral item amounts equal the stored per-item figures row for row.
"""
from __future__ import annotations

import numpy as np
import pytest

from dashboard import metrics, queries, store
from dashboard.scenario import compute, data
from dashboard.scenario import levers as lv
from dashboard.scope import Scope


@pytest.mark.parametrize("scope", ["national", "pref:35", "org:352012"])
def test_neutral_scenario_equals_stored_figures(demo_db, scope):
    s = Scope.parse(scope)
    with store.reader(demo_db) as con:
        fig = data.load(con, s)
        stored = {fy: metrics.kpi(con, s, fy) for fy in lv.YEARS}
    rows = compute.compute(fig, lv.neutral())
    assert [r["fiscal_year"] for r in rows] == list(lv.YEARS)
    for r in rows:
        k = stored[r["fiscal_year"]]
        assert r["cost_yen"] == k["current_yen"]
        assert r["baseline_yen"] == k["baseline_yen"]
        assert r["gap_to_target_yen"] == k["gap_to_target_yen"]
        assert r["orgs_over_baseline"] == k["orgs_over_baseline"]
        assert r["orgs_on_target"] == k["orgs_on_target"]
        assert r["orgs_reporting"] == k["orgs_reporting"]
    # item by item: the one rounding leaves every stored amount as it is
    assert np.array_equal(compute.amounts(fig, lv.neutral()), fig.amount[:, 1:, :])


def test_neutral_items_equal_the_item_mart(demo_db):
    scope = Scope.parse("pref:35")
    with store.reader(demo_db) as con:
        fig = data.load(con, scope)
        items = queries.run(con, "pages/by_item", scope, fy=2030)
    totals = compute.amounts(fig, lv.neutral())[:, -1, :].sum(axis=0)
    by_key = dict(zip(items["item_key"], items["current_yen"]))
    for i, key in enumerate(compute.ITEMS):
        assert int(totals[i]) == int(by_key.get(key, 0)), key
