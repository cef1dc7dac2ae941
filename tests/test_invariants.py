"""Invariants of the stored data and the marts, checked on the national demo database.

These are the dbt-style tests: keys are unique and not null, codes reference the
dimensions, and the marts add up to each other (a waterfall that closes exactly).
"""
import pytest

from dashboard import metrics, store
from dashboard.scope import Scope


@pytest.fixture(scope="module")
def con(demo_db):
    with store.reader(demo_db) as cursor:
        yield cursor


def scalar(con, sql, params=None):
    return con.execute(sql, params or []).fetchone()[0]


@pytest.mark.parametrize("table, key", [
    ("stg_cost_current", "org_code, fiscal_year, system_code, item_key, basis"),
    ("stg_driver_current", "org_code, fiscal_year, system_code, driver_code"),
    ("stg_status_current", "org_code, system_code"),
    ("mart_pair_year", "org_code, system_code, fiscal_year"),
    ("mart_pair_item_year", "org_code, system_code, fiscal_year, item_key"),
    ("mart_org_year", "org_code, fiscal_year"),
    ("mart_org_item_year", "org_code, fiscal_year, item_key"),
    ("mart_org_driver_year", "org_code, fiscal_year, driver_code"),
])
def test_keys_are_unique(con, table, key):
    rows = scalar(con, f"select count(*) from {table}")
    distinct = scalar(con, f"select count(*) from (select distinct {key} from {table})")
    assert rows > 0 and rows == distinct


@pytest.mark.parametrize("table, column, dimension, dim_column", [
    ("cost_fact", "org_code", "organization", "org_code"),
    ("cost_fact", "system_code", "system", "system_code"),
    ("cost_fact", "item_key", "cost_item", "item_key"),
    ("driver_fact", "org_code", "organization", "org_code"),
    ("driver_fact", "driver_code", "driver", "driver_code"),
    ("status_fact", "system_code", "system", "system_code"),
    ("cost_fact", "batch_id", "batch", "batch_id"),
])
def test_facts_reference_the_dimensions(con, table, column, dimension, dim_column):
    orphans = scalar(con, f"select count(*) from {table} anti join {dimension} "
                          f"on {table}.{column} = {dimension}.{dim_column}")
    assert orphans == 0


def test_org_batch_mart_lists_every_organization_batch_pair_once(con):
    """marts/org_batch.sql against the facts read directly (it is what data-as-of reads)."""
    facts = ("select org_code, batch_id from cost_fact union select org_code, batch_id from "
             "driver_fact union select org_code, batch_id from status_fact union "
             "select org_code, batch_id from funding_fact")
    assert scalar(con, "select count(*) from mart_org_batch") == scalar(
        con, f"select count(*) from ({facts})") > 0
    assert scalar(con, f"select count(*) from (select * from mart_org_batch except select * from ({facts}))") == 0


def test_amounts_are_integers_and_costs_not_negative(con):
    assert scalar(con, "select count(*) from cost_fact where amount_yen < 0 or amount_yen is null") == 0
    types = dict(con.execute("select column_name, data_type from information_schema.columns "
                             "where column_name = 'amount_yen' and table_name = 'cost_fact'").fetchall())
    assert types["amount_yen"] == "BIGINT"


def test_item_mart_adds_up_to_pair_mart(con):
    """Items of a matched pair-year come from its best basis only: their sum is its total."""
    mismatches = scalar(con, """
        select count(*) from (
            select org_code, system_code, fiscal_year,
                sum(current_yen) as cur, sum(baseline_yen) as base
            from mart_pair_item_year group by all
        ) as i
        join mart_pair_year as p using (org_code, system_code, fiscal_year)
        where p.current_yen <> i.cur or p.baseline_yen <> i.base""")
    assert mismatches == 0


def test_best_basis_is_never_worse_than_a_present_basis(con):
    worse = scalar(con, """
        select count(*) from mart_pair_year as p
        join stg_cost_current as c using (org_code, system_code, fiscal_year)
        where (p.basis = 'budget' and c.basis = 'actual')
           or (p.basis = 'estimate' and c.basis in ('actual', 'budget'))""")
    assert worse == 0


@pytest.mark.parametrize("scope", [Scope(), Scope("pref", "35"), Scope("pref", "13"),
                                   Scope("org", "232033")])
@pytest.mark.parametrize("fy", [2024, 2026, 2030])
def test_waterfall_closes_exactly(con, scope, fy):
    s = metrics.summary(con, scope, fy)
    attributed = sum(d["amount_yen"] for d in s["by_driver"])
    assert s["baseline_yen"] + attributed + s["unattributed_yen"] == s["current_yen"]
    assert sum(r["baseline_yen"] for r in s["by_system"]) == s["baseline_yen"]
    assert sum(r["current_yen"] for r in s["by_system"]) == s["current_yen"]


def test_prefecture_scopes_partition_the_nation(con):
    national = metrics.kpi(con, Scope(), 2026)
    prefs = [metrics.kpi(con, Scope("pref", f"{n:02d}"), 2026) for n in range(1, 48)]
    for key in ("baseline_yen", "current_yen", "orgs_reporting", "orgs_over_baseline", "pairs_matched"):
        assert sum(p[key] for p in prefs) == national[key], key
