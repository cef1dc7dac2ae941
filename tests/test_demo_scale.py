"""`demo --scale N` adds a larger country around the demo and leaves the demo's own figures alone.

The benchmarks' 10x database must hold N times the organizations' rows in the marts (not the
1x demo collapsed), while every figure of the real organizations stays what the 1x demo
says: the twins are added, never mixed in. Checked at N = 2 on the whole organization-year mart.
"""
from __future__ import annotations

import duckdb
import pytest

from dashboard import demo_build
from tests import fixture_cache


@pytest.fixture(scope="module")
def pair(demo_db):
    scaled = fixture_cache.cached("demo-scale2", lambda p: demo_build.build(p, scale=2), 2)
    con = duckdb.connect()
    con.execute("attach ? as one (read_only)", [str(demo_db)])
    con.execute("attach ? as two (read_only)", [str(scaled)])
    yield con
    con.close()


def test_every_original_organization_year_is_unchanged(pair):
    """All 1,788 organizations' mart rows at scale 2 equal the 1x demo's, column by column."""
    one = pair.execute("select count(*) from one.mart_org_year").fetchone()[0]
    differing = pair.execute(
        """select count(*) from one.mart_org_year as a
           left join two.mart_org_year as b using (org_code, fiscal_year)
           where b.org_code is null
              or (a.baseline_yen, a.current_yen, a.pairs_matched, a.pairs_projected,
                  a.attributed_yen, a.over_baseline, a.on_target, a.target_yen, a.basis, a.peer_group)
                 is distinct from
                 (b.baseline_yen, b.current_yen, b.pairs_matched, b.pairs_projected,
                  b.attributed_yen, b.over_baseline, b.on_target, b.target_yen, b.basis, b.peer_group)"""
    ).fetchone()[0]
    assert one > 1788 * 10          # every organization over the years FY2018–FY2030
    assert differing == 0


def test_scale_two_holds_a_twin_row_for_every_municipality_row(pair):
    """The mart at scale 2 has one extra row per municipality row (prefectures have no twins)."""
    one_muni, one_pref = pair.execute(
        """select count(*) filter (where o.kind <> '都道府県'), count(*) filter (where o.kind = '都道府県')
           from one.mart_org_year as m join one.organization as o using (org_code)""").fetchone()
    two_total = pair.execute("select count(*) from two.mart_org_year").fetchone()[0]
    assert two_total == 2 * one_muni + one_pref


def test_twins_stay_near_their_original(pair):
    """Each twin's yearly cost is its original's within the few-percent noise, never equal in total."""
    worst, same = pair.execute(
        """with twin as (
               select b.org_code as twin_code, b.fiscal_year, b.current_yen,
                      substr(b.org_code, 1, 5) as stem
               from two.mart_org_year as b
               anti join one.organization as o using (org_code))
           select max(abs(t.current_yen / a.current_yen - 1)),
                  count(*) filter (where t.current_yen = a.current_yen)
           from twin as t
           join one.mart_org_year as a
             on substr(a.org_code, 1, 5) = t.stem and a.fiscal_year = t.fiscal_year
           where a.current_yen > 0""").fetchone()
    # Per-line noise exp(N(0, 0.05)) averages out over an organization's hundreds of lines.
    assert worst < 0.10
    assert same < 100
