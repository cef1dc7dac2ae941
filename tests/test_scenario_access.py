"""The scenario page queries are limited to their scope, proven by the same analyzer as the
page and metric queries (tests/test_access_sql.py), and saved scenarios follow the scope rules."""
from __future__ import annotations

import pytest
import sqlglot

from dashboard import queries
from tests.test_access_sql import Analyzer

SCOPED = ("scenario/pair_years", "scenario/pair_factors", "scenario/pair_status",
          "scenario/funding_by_year", "scenario/subsidy_cap", "scenario/trajectory_basis",
          "scenario/orgs", "scenario/cash_by_year")


@pytest.mark.parametrize("name", SCOPED)
def test_scenario_query_is_scoped(name):
    assert {"pref_code", "org_code"} <= queries.parameters(name)
    tree = sqlglot.parse_one(queries.sql(name), read="duckdb")
    assert Analyzer(name, tree).run() == [], name


def test_every_scenario_figure_query_is_listed_here():
    figures = {n for n in queries.names() if n.startswith("scenario/")
               and {"pref_code", "org_code"} <= queries.parameters(n)}
    assert figures - {"scenario/saved_list"} == set(SCOPED)
