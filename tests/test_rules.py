"""Every metric rule once, in SQL, in the marts; constants from one source (dashboard/config.py).

The rules (docs/metrics.md): over baseline ΣC > ΣB; on target 10·ΣC ≤ 7·ΣB; target_yen =
floor(7·ΣB / 10); basis 'projected' when any matched pair rests on a budget or estimate.
"""
from __future__ import annotations

import re

import duckdb
import pytest

from dashboard import config, queries
from dashboard.config import QUERIES_DIR

# The formulas as they can be written in SQL (with or without table aliases).
OVER_BASELINE = re.compile(r"current_yen\s*>\s*[\w.]*baseline_yen")
ON_TARGET = re.compile(r"(\d+|[\w.]*target_keep_den)\s*\*\s*[\w.]*current_yen\s*<=")


def _code(path) -> str:
    return re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("pattern", [OVER_BASELINE, ON_TARGET], ids=["over_baseline", "on_target"])
def test_each_rule_is_written_once_in_a_mart(pattern):
    hits = [p.relative_to(QUERIES_DIR).as_posix() for p in sorted(QUERIES_DIR.rglob("*.sql"))
            for _ in pattern.finditer(_code(p))]
    assert hits == ["marts/org_year.sql"]


def test_the_patterns_find_the_old_copies():
    # the copies this replaced (metrics/kpi.sql, pages/org_table.sql, pages/pref_map.sql)
    old = ("count(*) filter (where baseline_yen > 0 and current_yen > baseline_yen),\n"
           "y.baseline_yen > 0 and 10 * y.current_yen <= 7 * y.baseline_yen as on_target")
    assert OVER_BASELINE.search(old) and ON_TARGET.search(old)


def test_the_sql_constants_come_from_config():
    assert config.sql_constants() == {"baseline_fy": 2018, "target_keep_num": 7,
                                      "target_keep_den": 10, "peer_min_members": 5}
    con = duckdb.connect()
    queries.execute(con, "marts/setting", **config.sql_constants())
    queries.run_script(con, "marts/rules")
    assert con.execute("select * from setting").fetchall() == [(2018, 7, 10, 5)]
    # target_yen(B) = floor(7B/10) in integers, at the edges of the rounding
    for baseline, target in ((0, 0), (9, 6), (10, 7), (3_833_334, 2_683_333), (1_000_001, 700_000)):
        assert con.execute("select target_yen($b::bigint)", {"b": baseline}).fetchone()[0] == target
    assert con.execute("select basis_label(0), basis_label(3)").fetchone() == ("actual", "projected")


def test_a_changed_constant_reaches_the_sql():
    """The constants are data for the SQL, not literals: another target rate moves target_yen."""
    con = duckdb.connect()
    queries.execute(con, "marts/setting", **{**config.sql_constants(),
                                            "target_keep_num": 3, "target_keep_den": 4})
    queries.run_script(con, "marts/rules")
    assert con.execute("select target_yen(1000::bigint)").fetchone()[0] == 750
