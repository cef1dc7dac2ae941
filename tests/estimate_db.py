"""A small real database for the estimate rules that need figures: one organization (TARGET)
with FY2018 actuals, six peers of its peer group with FY2018 and FY2024 actuals, and saved
reviews of other organizations (five opted in to sharing, one not). Everything goes in
through the product's own import and save paths."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from dashboard import reference, store
from dashboard.config import REFERENCE_DIR
from dashboard.estimate import data, review
from dashboard.ingest import pipeline
from estimate_fixtures import csv_estimate, line

_orgs = reference.organizations()
_group = _orgs[_orgs["peer_group"] == "市 5-10万"].sort_values("org_code")
# census population (data/reference/population.csv), read here with csv, not the product's loader
with open(REFERENCE_DIR / "population.csv", encoding="utf-8") as _f:
    _POP = {r["code"].zfill(6): int(r["population"]) for r in csv.DictReader(_f)}
TARGET = _group["org_code"].iloc[0]
TARGET_POPULATION = _POP[TARGET]
PEERS = list(_group["org_code"].iloc[1:7])
PEER_SW_LEASE_2024 = [30_000_000, 36_000_000, 42_000_000, 50_000_000, 61_000_000, 75_000_000]


def kernel_quantile(values: list[float], p: float) -> float:
    """The peer charts' published quantile, written out independently: triangular weights
    max(0, 2 - |rank - h|) around h = 1 + (n - 1) p, then 3 significant figures."""
    ordered = sorted(values)
    h = 1 + (len(ordered) - 1) * p
    weights = [max(0.0, 2 - abs(rank - h)) for rank in range(1, len(ordered) + 1)]
    raw = sum(w * v for w, v in zip(weights, ordered)) / sum(weights)
    return float(f"{raw:.3g}")


_per_resident = [y / _POP[o] for o, y in zip(PEERS, PEER_SW_LEASE_2024)]
PEER_P90_SW_LEASE = kernel_quantile(_per_resident, 0.9)
SHARED_PRICES = [800_000, 900_000, 1_000_000, 1_100_000, 1_200_000]
SHARERS = list(_orgs[_orgs["kind"] == "町"]["org_code"].iloc[:6])


def _costs_csv(peer_amounts=PEER_SW_LEASE_2024) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["団体コード", "年度", "業務", "費目", "区分", "金額"])
    w.writerows([[TARGET, 2018, "01", "sw_lease", "実績", 8_000_000],
                 [TARGET, 2018, "14", "sw_lease", "実績", 10_000_000],
                 [TARGET, 2018, "14", "sw_maint", "実績", 5_000_000]])
    for org, y in zip(PEERS, peer_amounts):
        w.writerow([org, 2018, "14", "sw_lease", "実績", y + 5_000_000])
        w.writerow([org, 2024, "14", "sw_lease", "実績", y])
    return out.getvalue().encode("utf-8")


def build(path: Path, opted_in: int = 5, peer_amounts=PEER_SW_LEASE_2024) -> Path:
    with store.writer(path, create=True):
        pass
    report = pipeline.import_files(path, [("costs.csv", _costs_csv(peer_amounts))], user="test")
    assert report.ok, report.problems
    with store.writer(path) as con:
        for org, price in zip(SHARERS[:opted_in], SHARED_PRICES):
            body = csv_estimate([line("共通", "SE作業", price, 2, "人月", None, price * 2)[1:]])
            data.save_review(con, review.review("shared.csv", body, org), "test", share_opt_in=True)
        body = csv_estimate([line("共通", "SE作業", 3_000_000, 1, "人月", None, 3_000_000)[1:]])
        data.save_review(con, review.review("private.csv", body, SHARERS[5]), "test", share_opt_in=False)
    return path
