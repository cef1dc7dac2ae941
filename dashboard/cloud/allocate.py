"""Rebuilding the cloud marts after every cloud write, and moving completed fiscal years'
BilledCost into the tracking figures (gc_usage, basis actual) through the normal batch path.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from dashboard import queries, store
from dashboard.cloud import population
from dashboard.ingest import load


@dataclass
class Outcome:
    missing_rates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def has_cloud(con) -> bool:
    return bool(queries.run(con, "cloud/has_cloud")["present"].iloc[0])


def rebuild(con, db, user: str | None = None, cause: str = "", now=None) -> Outcome:
    frame, source = population.table(con)
    con.register("incoming_population", frame)
    queries.run_script(con, "cloud/population_load")
    con.unregister("incoming_population")
    queries.run_script(con, "cloud/allocate")
    outcome = Outcome()
    missing = queries.run(con, "cloud/fx_missing")
    if not missing.empty:
        outcome.missing_rates = [f"{r.currency} {r.period}" for r in missing.itertuples()]
        return outcome
    figures = queries.run(con, "cloud/gc_usage_changed", now=now or store.now_utc())
    if not figures.empty:
        digest = hashlib.sha256(figures.to_csv(index=False).encode()).hexdigest()
        batch = load.apply(con, "costs", figures, file_name=f"FOCUS gc_usage ({cause})"[:200],
                           file_sha256=digest, imported_by=user)
        outcome.notes.append(f"gc_usage actual: batch {batch.batch_id}, {batch.rows_new} new, "
                             f"{batch.rows_revised} revised")
    if source != population.FILE.name:
        outcome.notes.append("population: organization table (data/reference/population.csv missing)")
    return outcome
