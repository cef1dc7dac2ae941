"""The small fixture worked out by hand (tests/test_metrics.py explains every figure), and a
five-member peer group for the peer statistics. Built in-process through the same import
path as the CLI and the import page (pipeline.import_files), in a second or two."""
from __future__ import annotations

from pathlib import Path

from dashboard import store
from dashboard.ingest import pipeline

COSTS = """org_code,fiscal_year,system,cost_item,basis,amount_yen
352012,2018,01,sw_lease,actual,1000000
352012,2018,01,hw_lease,actual,500000
352012,2026,01,sw_lease,budget,2000000
352012,2026,01,sw_lease,estimate,9999999
352012,2026,01,gc_usage,estimate,100
352012,2018,02,sw_lease,actual,0
352012,2026,02,sw_lease,estimate,300000
352012,2018,03,sw_lease,actual,800000
352012,2026,04,sw_lease,estimate,700000
352021,2018,01,sw_maint,actual,1000000
352021,2018,01,sw_maint,budget,5000000
352021,2026,01,sw_maint,actual,700000
353213,2018,01,sw_lease,actual,0
353213,2026,01,sw_lease,actual,0
232033,2018,05,ops_work,actual,333333
232033,2026,05,ops_work,estimate,100000
350001,2018,16,sw_lease,actual,1000001
350001,2026,16,sw_lease,budget,2500000
"""
DRIVERS = """org_code,fiscal_year,system,driver,amount_yen
352012,2026,01,S01,300000
352012,2026,01,E01,100000
352012,2026,01,M101,-50000
352012,2026,03,S03,999
232033,2026,05,M202,-200000
352012,2025,01,S02,777
"""

# Five 特別区 (one peer group), FY2026 on op01. Each baseline is 10 yen per resident of the
# reference population, each current 10-14 yen per resident, so that the ratios are 1.0 …
# 1.4 and the per-capita figures 10 … 14 yen (令和2年国勢調査 populations, as in
# data/reference/population.csv: 千代田区 66,680, 中央区 169,179, 港区 260,486,
# 新宿区 349,385, 文京区 240,069).
WARDS = {"131016": (66_680, 10), "131024": (169_179, 11), "131032": (260_486, 12),
         "131041": (349_385, 13), "131059": (240_069, 14)}
PEER_COSTS = "org_code,fiscal_year,system,cost_item,basis,amount_yen\n" + "".join(
    f"{code},2018,01,sw_lease,actual,{pop * 10}\n{code},2026,01,sw_lease,actual,{pop * per}\n"
    for code, (pop, per) in WARDS.items())


def build(path: Path, files: dict[str, str]) -> Path:
    with store.writer(path, create=True):
        pass
    report = pipeline.import_files(path, [(name, text.encode()) for name, text in files.items()],
                                   user="fixture")
    assert report.ok, report.problems
    return path


def small(path: Path) -> Path:
    return build(path, {"costs.csv": COSTS, "drivers.csv": DRIVERS})


def peers(path: Path) -> Path:
    return build(path, {"costs.csv": PEER_COSTS})
