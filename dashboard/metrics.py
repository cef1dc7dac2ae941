"""The metrics of docs/metrics.md for one scope and year, as plain Python values.

The arithmetic lives in queries/metrics/*.sql; this module only shapes the rows into
the `summary --json` object that the CLI prints, the pages show and the exports stamp.
"""
from __future__ import annotations

import duckdb

from dashboard import queries
from dashboard.config import TARGET_RATE
from dashboard.scope import Scope


def reduction_rate(baseline_yen: int, current_yen: int) -> float | None:
    """1 - current / baseline; None when there is no baseline to compare with."""
    return None if not baseline_yen else 1 - current_yen / baseline_yen


def kpi(con: duckdb.DuckDBPyConnection, scope: Scope, fy: int) -> dict:
    row = queries.run(con, "metrics/kpi", scope, fy=fy).iloc[0]
    values = {k: (str(v) if k == "basis" else int(v)) for k, v in row.items()}
    values["reduction_rate"] = reduction_rate(values["baseline_yen"], values["current_yen"])
    return values


def summary(con: duckdb.DuckDBPyConnection, scope: Scope, fy: int) -> dict:
    """The object printed by `python -m dashboard summary --json`."""
    k = kpi(con, scope, fy)
    systems = queries.run(con, "metrics/by_system", scope, fy=fy)
    drivers = queries.run(con, "metrics/by_driver", scope, fy=fy)
    return {
        "scope": str(scope),
        "fiscal_year": fy,
        "baseline_yen": k["baseline_yen"],
        "current_yen": k["current_yen"],
        "reduction_rate": k["reduction_rate"],
        "target_rate": TARGET_RATE,
        "gap_to_target_yen": k["gap_to_target_yen"],
        "pairs_matched": k["pairs_matched"],
        "pairs_with_baseline": k["pairs_with_baseline"],
        "orgs_in_scope": k["orgs_in_scope"],
        "orgs_reporting": k["orgs_reporting"],
        "orgs_over_baseline": k["orgs_over_baseline"],
        "orgs_on_target": k["orgs_on_target"],
        "unattributed_yen": k["unattributed_yen"],
        "basis": k["basis"],
        "by_system": [
            {"system": r.system_code, "baseline_yen": int(r.baseline_yen),
             "current_yen": int(r.current_yen),
             "reduction_rate": reduction_rate(int(r.baseline_yen), int(r.current_yen))}
            for r in systems.itertuples()
        ],
        "by_driver": [{"driver": r.driver_code, "amount_yen": int(r.amount_yen)}
                      for r in drivers.itertuples()],
    }


def latest_fy(con: duckdb.DuckDBPyConnection) -> int | None:
    fy = queries.run(con, "metrics/data_status").iloc[0]["latest_fy"]
    return None if fy is None or fy != fy else int(fy)
