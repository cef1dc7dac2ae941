"""Calibration constants of the synthetic demo data (see dashboard/demo.py).

Every number here is chosen so that the generated figures resemble the public figures
listed in docs/demo-data.md; none of them is a real figure of any organization.
"""
from __future__ import annotations

YEARS = tuple(range(2018, 2031))
RUN_BY_PREFECTURE = ("16", "19")          # 生活保護, 児童扶養手当: prefecture runs them for 町村
TOWN_KINDS = ("町", "村")

# Baseline: per capita ≈ K · 11,700 · (pop/10,000)^EXP yen for the organization's systems.
PER_CAPITA_K, PER_CAPITA_AT_10K, PER_CAPITA_EXP, BASELINE_SD = 0.6, 11_700.0, -0.49, 0.25
# Prefecture-run 16/19: tens of millions of yen, scaled with the prefecture's 町村 population.
PREF_16_AT_250K, PREF_16_EXP, PREF_19_SHARE = 35_000_000.0, 0.6, 0.4

# Relative weight of each operation in an organization's baseline (taxes, 住基, 国保, 介護 big).
SYSTEM_WEIGHT = {"01": 10, "02": 5, "03": 1.5, "04": 1.5, "05": 2, "06": 8, "07": 10,
                 "08": 2.5, "09": 2, "10": 9, "11": 2, "12": 5, "13": 4, "14": 9, "15": 3,
                 "16": 4, "17": 5, "18": 3, "19": 1.5, "20": 6}
SYSTEM_WEIGHT_SD = 0.2

ITEMS = ("sw_lease", "sw_maint", "hw_lease", "hw_maint", "datacenter", "network",
         "gc_usage", "gc_network", "ops_work", "hw_work", "gc_ops", "outsourcing")
PRE_MIX = {"sw_lease": .25, "sw_maint": .20, "hw_lease": .15, "hw_maint": .07,
           "datacenter": .08, "network": .05, "ops_work": .12, "hw_work": .04,
           "outsourcing": .04}
# The post-migration mix is no constant: it follows from the drivers (DRIVER_ITEMS below).
MIX_PAIR_SD, MIX_YEAR_SD = 0.2, 0.05

# Migration status (特定移行支援システム = 'delayed').
DELAYED_ORG_P = {"村": .42, "町": .47, "市": .54, "中核市": .70, "政令指定都市": .85,
                 "特別区": .70, "都道府県": .40}
DELAYED_ORG_POP_SLOPE = 0.04              # + per log10 of population (bigger: more delays)
DELAYED_SYSTEM_P = 0.21                   # inside a delayed organization, at least one
DELAYED_YEARS, DELAYED_YEAR_P = (2026, 2027, 2028), (.4, .4, .2)
MIGRATED_YEARS, MIGRATED_YEAR_P = (2023, 2024, 2025), (.05, .25, .70)
MIGRATING_P = 0.3                         # delayed to FY2026 and already in progress

# Yearly drift before migration (E01/E02) and after it (inflation of the new contracts).
PRE_DRIFT, POST_DRIFT, YEAR_NOISE_SD = (0.0, 0.015), (0.005, 0.02), 0.03
DUAL_RUNNING = (0.05, 0.12)               # extra share of the old cost in the migration year
MIGRATED_SHARE = (0.3, 0.7)               # share already on the new system in that year

# Post-migration multiplier: M_{o,s} − 1 = (M_org − 1) · level(s) · lognormal(0, M_PREF_SYSTEM_SD)
# per prefecture × operation (the vendor a prefecture's towns share for that operation)
# · lognormal(0, SYSTEM_M_SD); level(s) comes from the operation's drivers (below).
M_MEDIAN, M_ORG_SD, M_PREF_SD, SYSTEM_M_SD, M_PREF_SYSTEM_SD = 2.1, 0.33, 0.10, 0.12, 0.22
M_PREF_MEDIAN = {"13": 1.65, "35": 3.8}   # 東京都 ≈ 1.6x, 山口県 cities and towns ≈ 3.6x
M_PREF_RUN = (2.0, 3.0)                   # prefecture-run 16/19: 2-3x
M_DECREASE_P, M_DECREASE, M_DECREASE_PAIR_SD = 0.03, (0.85, 0.97), 0.03
M_CORE_MEDIAN, M_CORE_SD, M_CORE_MAX, M_CORE_DECREASES = 2.5, 0.30, 5.6, 2

# Countermeasures: cost × (1 − e_{p,s} · ramp(y)), e_{p,s} = e_p · lognormal(0, EFFECT_SYSTEM_SD)
# (capped): a prefecture's joint procurement reaches some operations sooner than others.
RAMP = {2026: .10, 2027: .30, 2028: .55, 2029: .80, 2030: 1.0}
EFFECT_LOW, EFFECT_HIGH, EFFECT_HIGH_N = (0.15, 0.58), (0.70, 0.75), 8
EFFECT_SYSTEM_SD, EFFECT_MAX = 0.25, 0.85

# Bases.
BUDGET_2025_ORG_P, ESTIMATE_2026_ORG_P = 0.20, 0.30
BUDGET_2025_NOISE, ESTIMATE_2026_NOISE = (0.02, 0.06), (0.04, 0.08)   # lognormal mu, sd

# Drivers.
FACTORS = ("S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10",
           "F01", "F02", "F03", "E01", "E02", "E03")
FACTOR_K = (5, 6, 7)                      # factors an estimate names per pair, besides S01
MEASURES = ("M101", "M102", "M103", "M104", "M105", "M106", "M107",
            "M201", "M202", "M203", "M204", "M205", "M206")
MEASURE_EARLY = {"M101": 3, "M104": 3, "M105": 3, "M102": 1, "M103": 1, "M106": 1}
MEASURE_LATE = {"M201": 3, "M202": 3, "M203": 3, "M204": 2, "M205": 3, "M206": 1}
MEASURE_OTHER, MEASURE_K = 0.3, (2, 3, 4)
DECREASE_MEASURES = ("M202", "M106")
EXPLAINED = (0.85, 0.95)                  # share of each change attributed
ROUND_YEN = 1000
MIN_POPULATION = 1_000                    # floor for the cost model (双葉町's census figure is 0)

# The post-migration increase, driver by driver. INCREASE_DRIVERS raise an operation's cost by
# intensity × tilt (relative units): the sum over drivers is the operation's level (its excess
# M − 1 relative to the average operation), and the same weights split the excess over the
# cost items (DRIVER_ITEMS) and over the attributions, so the factor page and the cost items
# tell one story. Software-related drivers (law changes, buffers, lock-in, enhancements) weigh
# most (the seed: software costs carry the increase).
INCREASE_DRIVERS = ("S01",) + FACTORS
DRIVER_INTENSITY = {"S01": 2.5, "S02": 1, "S03": 2.5, "S04": 2.5, "S05": 1, "S06": 4.5,
                    "S07": 1, "S08": 4.5, "S09": 2, "S10": 1.5, "F01": 2.5, "F02": 1,
                    "F03": 4.5, "E01": 2, "E02": 2, "E03": 1}
SOFTWARE_DRIVERS = ("S06", "S07", "S08", "S09", "S10", "F03")
# How much software work an operation carries (frequent 制度改正 and 標準仕様書 revisions:
# taxes, 介護, 国保, 子育て; few: 印鑑登録, 附票, 選挙, 年金) ...
SOFTWARE_TILT = {"01": 1.1, "02": 0.9, "03": 0.35, "04": 0.25, "05": 0.45, "06": 1.5,
                 "07": 1.9, "08": 0.8, "09": 0.45, "10": 1.5, "11": 0.35, "12": 1.2, "13": 1.1,
                 "14": 1.8, "15": 1.4, "16": 1.0, "17": 0.7, "18": 0.5, "19": 0.6, "20": 1.7}
# ... and how much the new Government Cloud costs weigh on it (fixed connection and operations
# support costs weigh more on a small operation's budget).
CLOUD_DRIVERS = ("S01", "S02", "S03", "S05", "F01", "F02", "E03")
CLOUD_TILT = {"03": 1.3, "04": 1.3, "05": 1.2, "09": 1.2, "11": 1.2, "19": 1.2,
              "01": 0.9, "07": 0.9, "10": 0.9, "14": 0.9}       # others 1
DRIVER_PAIR_SD = 0.35                     # a pair's own intensities around its operation's
# Where each driver's money lands (post-migration items; shares sum to 1).
DRIVER_ITEMS = {
    "S01": {"gc_network": .4, "gc_ops": .6}, "S02": {"network": .4, "gc_network": .6},
    "S03": {"gc_usage": .6, "ops_work": .4}, "S04": {"ops_work": .6, "gc_ops": .4},
    "S05": {"gc_usage": .5, "sw_lease": .5}, "S06": {"sw_lease": .4, "sw_maint": .6},
    "S07": {"sw_lease": .6, "ops_work": .4}, "S08": {"sw_lease": .6, "sw_maint": .4},
    "S09": {"sw_lease": .6, "sw_maint": .4}, "S10": {"sw_lease": .7, "sw_maint": .3},
    "F01": {"gc_usage": .7, "gc_network": .3}, "F02": {"gc_usage": .5, "ops_work": .5},
    "F03": {"sw_lease": .6, "sw_maint": .4},
    "E01": {"sw_lease": .3, "sw_maint": .2, "gc_usage": .3, "ops_work": .2},
    "E02": {"ops_work": .5, "outsourcing": .2, "gc_ops": .3}, "E03": {"gc_usage": 1.0}}
# What the baseline's items become after migration (before any increase): the old hardware
# and most of the data centre move into the Government Cloud usage fee.
CARRY = {"hw_lease": {"gc_usage": 1.0}, "hw_maint": {"gc_usage": 1.0},
         "hw_work": {"gc_usage": 1.0}, "datacenter": {"datacenter": .2, "gc_usage": .8}}
DUAL_RUNNING_S02 = 0.3                    # extra S02 weight in the migration year
