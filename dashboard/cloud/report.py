"""What the /cloud page and `python -m dashboard cloud` show for one scope and fiscal year.

`figures(con, scope, fy)` runs the scoped queries; `anomalies` and `forecast` are pure
functions of their DataFrames, so the page, the CLI and the tests share one arithmetic.
"""
from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

from dashboard import queries
from dashboard.cloud import allocate
from dashboard.scope import Scope

TRAILING = 6          # months compared against
MIN_TRAILING = 3      # fewer trailing months than this: no judgement
ANOMALY_SHARE = 0.2   # a month departs when it differs from the trailing mean by > 20% ...
ANOMALY_SIGMA = 2.0   # ... and by more than 2 standard deviations of the trailing months


def fy_months(fy: int) -> list[str]:
    return [f"{fy + (m < 4)}-{m:02d}" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def fy_complete(fy: int, now: datetime) -> bool:
    """A fiscal year ends at 15:00 UTC on 31 March (midnight JST)."""
    return now >= datetime(fy + 1, 3, 31, 15, 0, 0)


def anomalies(service_months: pd.DataFrame, fy: int) -> list[dict]:
    """Months of `fy` whose BilledCost departs from the trailing six months, with the three
    services whose change from their own trailing mean was largest."""
    if service_months.empty:
        return []
    wide = service_months.pivot_table(index="month", columns="service_name", values="billed_yen",
                                      aggfunc="sum", fill_value=0).sort_index()
    total = wide.sum(axis=1)
    out = []
    for month in [m for m in fy_months(fy) if m in total.index]:
        prior = total[total.index < month].tail(TRAILING)
        if len(prior) < MIN_TRAILING:
            continue
        mean, sd = float(prior.mean()), float(prior.std(ddof=0))
        value = float(total[month])
        delta = value - mean
        if abs(delta) <= ANOMALY_SHARE * abs(mean) or abs(delta) <= ANOMALY_SIGMA * sd:
            continue
        service_delta = wide.loc[month] - wide[wide.index < month].tail(TRAILING).mean()
        drivers = service_delta.reindex(service_delta.abs().sort_values(ascending=False).index).head(3)
        out.append({"month": month, "billed_yen": int(value), "trailing_mean_yen": round(mean),
                    "change_yen": round(delta),
                    "services": [{"service_name": s, "change_yen": round(v)} for s, v in drivers.items()]})
    return out


def forecast(months: pd.DataFrame, fy: int, now: datetime) -> dict | None:
    """Run-rate to the fiscal-year end: actual so far + months left × the mean of the last
    three months; the band uses their lowest and highest. None for a completed year or no data."""
    if fy_complete(fy, now) or months.empty:
        return None
    billed = months.set_index("month")["billed_yen"].reindex(fy_months(fy))
    last = billed.last_valid_index()
    elapsed = fy_months(fy).index(last) + 1
    seen = billed.iloc[:elapsed].fillna(0)
    recent = seen.tail(3)
    left = 12 - elapsed
    actual = int(seen.sum())
    return {"actual_yen": actual, "months_elapsed": elapsed, "months_left": left,
            "forecast_yen": actual + round(left * float(recent.mean())),
            "low_yen": actual + left * int(recent.min()),
            "high_yen": actual + left * int(recent.max())}


def years(con, scope: Scope) -> list[int]:
    if not allocate.has_cloud(con):
        return []
    return queries.run(con, "cloud/years", scope)["fiscal_year"].astype(int).tolist()


def figures(con, scope: Scope, fy: int, now: datetime) -> dict:
    """Every table the page draws from, as DataFrames (plus the computed dicts)."""
    run = lambda name: queries.run(con, f"cloud/{name}", scope, fy=fy)  # noqa: E731
    months = run("months")
    service_months = run("service_months")
    return {
        "months": months, "month_category": run("month_category"), "top_services": run("top_services"),
        "top_resources": run("top_resources"), "totals": run("totals").iloc[0].to_dict(),
        "by_method": run("by_method"), "unallocated": run("unallocated"), "reconcile": run("reconcile"),
        "service_months": service_months, "anomalies": anomalies(service_months, fy),
        "forecast": forecast(months, fy, now),
    }


def _int(v) -> int:
    return 0 if v is None or (isinstance(v, float) and math.isnan(v)) else int(v)


def as_json(scope: Scope, fy: int, f: dict) -> dict:
    """The CLI's JSON (issue contract: exactly these fields)."""
    cat = f["month_category"].groupby("category", as_index=False)[["billed_yen", "effective_yen"]].sum()
    totals = f["totals"]
    national = scope.kind == "national"
    return {
        "months": [{"month": r.month, "billed_yen": _int(r.billed_yen), "effective_yen": _int(r.effective_yen),
                    "list_yen": _int(r.list_yen), "contracted_yen": _int(r.contracted_yen)}
                   for r in f["months"].itertuples()],
        "by_service_category": [{"category": r.category, "billed_yen": _int(r.billed_yen),
                                 "effective_yen": _int(r.effective_yen)}
                                for r in cat.sort_values("billed_yen", ascending=False).itertuples()],
        "commitment": {"covered_effective_yen": _int(totals["covered_effective_yen"]),
                       "savings_yen": _int(totals["savings_yen"]), "unused_yen": _int(totals["unused_yen"])},
        "allocated_yen_by_method": {r.method: _int(r.billed_yen) for r in f["by_method"].itertuples()},
        "unallocated_yen": _int(f["unallocated"]["billed_yen"].sum()) if national else None,
        "anomalies": f["anomalies"],
    }
