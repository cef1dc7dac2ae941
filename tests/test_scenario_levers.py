"""Each scenario lever's formula (docs/scenarios.md) against a fixture worked out by hand.

Fixture (imported through the CLI, so through the real pipeline), yen:
  A 下関市 352012 (中核市) op01 migrated: 2018 actual sw_lease 1,000,000 + hw_lease 500,000;
      2025 actual sw_lease 900,000 + hw_lease 500,000; 2026 budget / 2027-2030 estimate each
      sw_lease 1,000,000, sw_maint 200,000, gc_usage 400,000, gc_ops 100,000, gc_network 50,000
      (= 1,750,000). Drivers 2030: S01 300,000, S03 100,000, E01 50,000.
  A op02 特定移行支援, planned FY2027: 2018 sw_lease 300,000; 2025 300,000; 2026 310,000;
      2027-2030 sw_lease 600,000 + gc_usage 100,000 (= 700,000).
  B 宇部市 352021 (市) op01: 2018 sw_maint 1,000,000; 2026-2030 sw_maint 500,000,
      gc_usage 139,000, gc_ops 60,000, gc_network 33,333 (= 732,333).
Neutral FY2030: 1,750,000 + 700,000 + 732,333 = 3,182,333; baseline 1,500,000 + 300,000 +
1,000,000 = 2,800,000. FY2026: 1,750,000 + 310,000 + 732,333 = 2,792,333.
"""
from __future__ import annotations

import json

import pytest

from dashboard import store
from dashboard.scenario import compute, data
from dashboard.scenario import levers as lv
from dashboard.scope import Scope

A1 = {"sw_lease": 1_000_000, "sw_maint": 200_000, "gc_usage": 400_000, "gc_ops": 100_000,
      "gc_network": 50_000}
B1 = {"sw_maint": 500_000, "gc_usage": 139_000, "gc_ops": 60_000, "gc_network": 33_333}


def _costs() -> str:
    lines = ["org_code,fiscal_year,system,cost_item,basis,amount_yen",
             "352012,2018,01,sw_lease,actual,1000000", "352012,2018,01,hw_lease,actual,500000",
             "352012,2025,01,sw_lease,actual,900000", "352012,2025,01,hw_lease,actual,500000",
             "352012,2018,02,sw_lease,actual,300000", "352012,2025,02,sw_lease,actual,300000",
             "352012,2026,02,sw_lease,budget,310000", "352021,2018,01,sw_maint,actual,1000000"]
    for year in range(2026, 2031):
        basis = "budget" if year == 2026 else "estimate"
        lines += [f"352012,{year},01,{k},{basis},{v}" for k, v in A1.items()]
        lines += [f"352021,{year},01,{k},{basis},{v}" for k, v in B1.items()]
        if year >= 2027:
            lines += [f"352012,{year},02,sw_lease,estimate,600000",
                      f"352012,{year},02,gc_usage,estimate,100000"]
    return "\n".join(lines) + "\n"


DRIVERS = """org_code,fiscal_year,system,driver,amount_yen
352012,2030,01,S01,300000
352012,2030,01,S03,100000
352012,2030,01,E01,50000
"""
STATUS = """org_code,system,status,planned_fy
352012,01,移行済,
352012,02,特定移行支援,2027
352021,01,移行済,
"""


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory, cli):
    folder = tmp_path_factory.mktemp("scenario")
    db = folder / "s.duckdb"
    for name, text in (("costs.csv", _costs()), ("drivers.csv", DRIVERS), ("status.csv", STATUS)):
        (folder / name).write_text(text, encoding="utf-8")
    cli("init", "--db", db, check=True)
    cli("import", "--db", db, folder / "costs.csv", folder / "drivers.csv", folder / "status.csv",
        check=True)
    return db


@pytest.fixture(scope="module")
def fig(fixture_db):
    with store.reader(fixture_db) as con:
        return data.load(con, Scope("pref", "35"))


def year(rows, fy):
    return next(r for r in rows if r["fiscal_year"] == fy)


def run(fig, raw):
    return compute.compute(fig, lv.parse(raw))


def test_neutral_equals_the_stored_figures(fig):
    rows = run(fig, {})
    assert year(rows, 2030)["cost_yen"] == 3_182_333
    assert year(rows, 2030)["baseline_yen"] == 2_800_000
    assert year(rows, 2030)["target_yen"] == 1_960_000
    assert year(rows, 2030)["gap_to_target_yen"] == 3_182_333 - 1_960_000
    assert year(rows, 2026)["cost_yen"] == 2_792_333
    # A: 2,450,000 > 1,800,000 over; B: 732,333 ≤ 1,000,000, 7,323,330 > 7,000,000 not on target
    assert (year(rows, 2030)["orgs_over_baseline"], year(rows, 2030)["orgs_on_target"]) == (1, 0)


def test_fx_scales_the_usd_linked_cloud_fee(fig):
    rows = run(fig, {"fx": 160})
    # 400,000 × 160/139 = 460,431.65 → 460,432; 100,000 × 160/139 = 115,107.91 → 115,108;
    # 139,000 × 160/139 = 160,000
    assert year(rows, 2030)["cost_yen"] == 3_182_333 + 60_432 + 15_108 + 21_000
    # one year only: FY2026 has no op02 cloud fee yet (pre-migration)
    rows = run(fig, {"fx": {"2026": 120}})
    # 400,000 × 120/139 = 345,323.74 → 345,324; 139,000 × 120/139 = 120,000
    assert year(rows, 2026)["cost_yen"] == 2_792_333 - 54_676 - 19_000
    assert year(rows, 2027)["cost_yen"] == 3_182_333


def test_commitment_discounts_the_covered_share(fig):
    rows = run(fig, {"commitment": {"share": 0.5, "discount": 0.2}})
    # factor 1 - 0.5 × 0.2 = 0.9 on every gc_usage: -40,000 -10,000 -13,900
    assert year(rows, 2030)["cost_yen"] == 3_182_333 - 63_900


def test_joint_use_saves_on_ops_support_and_lines_from_the_joining_year(fig):
    raw = {"joint_use": {"members": [{"select": "org:352021", "from_fy": 2028}],
                         "saving_ops": 0.2, "saving_network": 0.3}}
    rows = run(fig, raw)
    # B: gc_ops 60,000 → 48,000; gc_network 33,333 × 0.7 = 23,333.1 → 23,333
    assert year(rows, 2030)["cost_yen"] == 3_182_333 - 12_000 - 10_000
    assert year(rows, 2027)["cost_yen"] == 3_182_333          # before joining
    # kind:市 selects 宇部市 (市) but not 下関市 (中核市)
    by_kind = run(fig, {"joint_use": {**raw["joint_use"], "members": [{"select": "kind:市", "from_fy": 2028}]}})
    assert year(by_kind, 2030)["cost_yen"] == year(rows, 2030)["cost_yen"]


def test_vendor_price_compounds_on_software_from_fy2026(fig):
    rows = run(fig, {"vendor_price": 10})
    # 1.1^5 = 1.61051: 1,610,510 + 322,102 + 966,306 + 805,255
    assert year(rows, 2030)["cost_yen"] == 3_182_333 + 610_510 + 122_102 + 366_306 + 305_255
    # 1.1: 100,000 + 20,000 + 31,000 (op02 310,000) + 50,000
    assert year(rows, 2026)["cost_yen"] == 2_792_333 + 201_000


def test_delayed_migration_moves_the_profile_of_delayed_pairs(fig):
    rows = run(fig, {"delayed_migration": 2029})
    # op02 planned 2027 → 2029: year y takes the stored profile of y - 2 (from FY2025 at the least)
    expected_op02 = {2026: 300_000, 2027: 300_000, 2028: 310_000, 2029: 700_000, 2030: 700_000}
    for fy, op02 in expected_op02.items():
        others = 1_750_000 + 732_333
        assert year(rows, fy)["cost_yen"] == others + op02, fy
    early = run(fig, {"delayed_migration": 2026})
    assert year(early, 2026)["cost_yen"] == 1_750_000 + 732_333 + 700_000   # FY2027's profile


def test_measures_shrink_the_factors_they_answer(fig):
    rows = run(fig, {"measures": {"M201": {"adoption": 0.5, "start_fy": 2028}}})
    # M201 (effect 0.25) answers S03 (100,000): saving 12,500 spread over A op01's items:
    # 992,857.14 → 992,857; 198,571.43 → 198,571; 397,142.86 → 397,143; 99,285.71 → 99,286;
    # 49,642.86 → 49,643; sum 1,737,500
    assert year(rows, 2030)["cost_yen"] == 3_182_333 - 12_500
    rows = run(fig, {"measures": {"M101": {"adoption": 1, "start_fy": 2026},
                                  "M104": {"adoption": 1, "start_fy": 2026},
                                  "M201": {"adoption": 0.5, "start_fy": 2028}}})
    # S01 300,000 × (1 - 0.9 × 0.85) = 70,500, plus 12,500: op01 1,667,000 exactly
    # (952,571 + 190,514 + 381,029 + 95,257 + 47,629)
    assert year(rows, 2030)["cost_yen"] == 3_182_333 - 83_000
    late = run(fig, {"measures": {"M201": {"adoption": 0.5, "start_fy": 2031 - 1}}})
    assert year(late, 2029)["cost_yen"] == 3_182_333       # no factor amounts in FY2029 anyway


def test_one_rounding_per_row():
    """The rule: round(amount × product of factors) per row, halves up; never per lever."""
    import numpy as np
    fig = compute.Figures(
        org_codes=np.array(["352012"], object), org_pref=np.array(["35"], object),
        org_kind=np.array(["中核市"], object), org_pop=np.array([1]), pair_org=np.array([0]),
        amount=np.zeros((1, 6, 12), np.int64), present=np.ones((1, 6), bool),
        baseline=np.array([1000]), planned_fy=np.array([0]), factors=np.zeros((1, 6, 13), np.int64),
        funding=np.zeros(6, np.int64), unmatched_cash=np.zeros(6, np.int64), measure_map={},
        effects={})
    fig.amount[0, :, compute.ITEMS.index("gc_usage")] = 2
    fig.amount[0, :, compute.ITEMS.index("sw_lease")] = 5
    # gc_usage: 2 × 145/139 × (1 - 0.8 × 0.35) = 2.0863 × 0.72 = 1.5022 → 2 with one rounding;
    # rounding after each lever would give 2.0863 → 2, then 2 × 0.72 = 1.44 → 1.
    # sw_lease: 5 × 1.1 = 5.5 → 6 in FY2026 (halves up).
    rows = compute.compute(fig, lv.parse({"fx": 145, "commitment": {"share": 0.8, "discount": 0.35},
                                          "vendor_price": 10}))
    assert rows[0]["cost_yen"] == 2 + 6


def test_combined_levers_and_on_target(fig):
    rows = run(fig, {"commitment": {"share": 0.8, "discount": 0.35},
                     "joint_use": {"members": [{"select": "org:352021", "from_fy": 2026}],
                                   "saving_ops": 0.3, "saving_network": 0.4}})
    # B: 500,000 + 139,000 × 0.72 (100,080) + 42,000 + 33,333 × 0.6 (19,999.8 → 20,000) = 662,080
    # 10 × 662,080 ≤ 7 × 1,000,000: on target
    r = year(rows, 2030)
    assert r["orgs_on_target"] == 1 and r["orgs_over_baseline"] == 1


def test_sensitivity_and_band_follow_the_ranges(fig):
    levers = lv.parse({})
    rows = compute.compute(fig, levers)
    sens = compute.sensitivity(fig, levers, rows)
    tornado = {t["lever"]: t for t in sens["tornado"]}
    # vendor_price ends: -3% and +10%; FY2030 +10%: 3,182,333 + 1,404,173 = 4,586,506
    assert tornado["vendor_price"]["fy2030_cost_high_yen"] == 4_586_506
    assert tornado["vendor_price"]["fy2030_reduction_rate_high"] == pytest.approx(1 - 4_586_506 / 2_800_000)
    # fx ends 120 / 170: 400,000×170/139 = 489,208.63 → 489,209; 100,000 → 122,302.16 → 122,302;
    # 139,000 → 170,000: +89,209 + 22,302 + 31,000
    assert tornado["fx"]["fy2030_cost_high_yen"] == 3_182_333 + 142_511
    # the band contains the scenario and every single lever's end
    for b, r in zip(sens["band"], rows):
        assert b["band_low_yen"] <= r["cost_yen"] <= b["band_high_yen"]
    assert sens["band"][-1]["band_high_yen"] >= 4_586_506
    # the tornado is sorted by swing: vendor price moves FY2030 most in this fixture
    assert sens["tornado"][0]["lever"] == "vendor_price"


def test_cli_json_fields(fixture_db, cli, tmp_path):
    path = tmp_path / "levers.json"
    path.write_text(json.dumps({"fx": 160}))
    out = json.loads(cli("scenario", "--db", fixture_db, "--scope", "pref:35", "--levers", path,
                         "--json", check=True).stdout)
    assert [y["fiscal_year"] for y in out["years"]] == [2026, 2027, 2028, 2029, 2030]
    assert set(out["years"][0]) == {"fiscal_year", "cost_yen", "reduction_rate", "gap_to_target_yen",
                                    "orgs_over_baseline", "orgs_on_target", "net_burden_yen",
                                    "band_low_yen", "band_high_yen"}
    assert out["years"][-1]["cost_yen"] == 3_182_333 + 96_540
    assert {s["lever"] for s in out["sensitivity"]} == set(lv.KEYS)
    assert set(out["sensitivity"][0]) == {"lever", "fy2030_reduction_rate_low", "fy2030_reduction_rate_high"}


@pytest.mark.parametrize("raw, needle", [
    ({"fx": 200}, "out of range"),
    ({"vendorprice": 1}, "unknown key"),
    ({"joint_use": {"members": [{"select": "org:999999"}]}}, "unknown organization"),
    ({"measures": {"M999": 0.5}}, "unknown key"),
    ({"delayed_migration": 2031}, "out of range"),
])
def test_bad_levers_are_refused_and_nothing_is_saved(fixture_db, cli, tmp_path, raw, needle):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw))
    for args in (("--json",), ("save", "--name", "x")):
        result = cli("scenario", *args[:1] if args[0] == "save" else (), "--db", fixture_db,
                     "--levers", path, *args[1:] if args[0] == "save" else args)
        assert result.returncode == 2 and needle in result.stderr, result.stderr
    listed = cli("scenario", "list", "--db", fixture_db, "--json", check=True)
    assert json.loads(listed.stdout) == []
