"""What a review reads from the database and what it writes there (through store's doors).

Reads run on a reader cursor; each query binds the organization, so the loader's scope
check (access.check_bound) refuses an organization outside the user's scope. Writes go
through store.writer and happen only when the user confirms: saving corrections, saving
a review, or adopting it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard import queries, store
from dashboard.cloud import population as census
from dashboard.config import BASELINE_FY
from dashboard.estimate import text
from dashboard.estimate.checks import Peers
from dashboard.estimate.mapper import Correction


def has_tables(con) -> bool:
    return int(queries.run(con, "estimate/has_tables")["present"].iloc[0]) == 3


def corrections(con, org_code: str) -> list[Correction]:
    if not has_tables(con):
        return []
    rows = queries.run(con, "estimate/corrections", org_code=org_code)
    return [Correction(p, i or None, s or None, o) for o, p, i, s in
            zip(rows["owner"], rows["pattern"], rows["item_key"], rows["system_code"])]


def baseline(con, org_code: str) -> pd.DataFrame:
    """system_code, item_key, baseline_yen of the organization's FY2018 actuals."""
    return queries.run(con, "estimate/baseline", org_code=org_code, baseline_fy=BASELINE_FY)


def _value(v):
    return None if v is None or pd.isna(v) else float(v)


def population(con) -> pd.DataFrame:
    """org_code, population: the census figures (data/reference/population.csv), the same
    source the cloud-bill split by population uses."""
    return census.table(con)[0]


def peers(con, org_code: str, systems: list[str]) -> Peers:
    """Peer aggregates under the peer charts' disclosure control (the SQL files say how);
    a statistic that is not published stays None."""
    people = population(con)
    own = people.loc[people["org_code"] == org_code, "population"]
    result = Peers(population=int(own.iloc[0]) if len(own) else None)
    fy = queries.run(con, "estimate/peer_year")["fiscal_year"].iloc[0]
    if systems and fy is not None and not pd.isna(fy):
        con.register("estimate_population", people)
        try:
            stats = queries.run(con, "estimate/peer_items", org_code=org_code, fy=int(fy),
                                systems=sorted(systems))
        finally:
            con.unregister("estimate_population")
        for row in stats.itertuples():
            result.items[row.item_key] = {"published": bool(row.published), "p25": _value(row.p25_yen),
                                          "p50": _value(row.p50_yen), "p75": _value(row.p75_yen),
                                          "p90": _value(row.p90_yen)}
        result.fiscal_year = int(fy)
    if has_tables(con):
        pm = queries.run(con, "estimate/peer_person_month", org_code=org_code).iloc[0]
        result.person_month = {"published": bool(pm["published"]), "q75": _value(pm["q75_yen"])}
    return result


def save_corrections(db: Path | str, owner: str, rows: list[tuple[str, str | None, str | None]],
                     user: str | None) -> int:
    """rows: (description, item_key, system_code or 'shared' or None). One write, all or nothing."""
    with store.writer(db) as con:
        queries.run_script(con, "estimate/tables")
        now = store.now_utc()
        for description, item_key, system_code in rows:
            queries.run(con, "estimate/insert_correction", owner=owner, pattern=text.key(description),
                        description=description, item_key=item_key, system_code=system_code,
                        saved_at=now, saved_by=user)
    return len(rows)


def save_review(con, review, user: str | None, share_opt_in: bool, batch_id: int | None = None) -> int:
    """Record a confirmed review on a writer connection; returns its id."""
    queries.run_script(con, "estimate/tables")
    review_id = int(queries.run(con, "estimate/next_review_id")["review_id"].iloc[0])
    queries.run(con, "estimate/insert_review", review_id=review_id, org_code=review.org_code,
                file_name=review.file_name, file_sha256=review.sha256,
                rules_version=review.rules_version, saved_at=store.now_utc(), saved_by=user,
                share_opt_in=bool(share_opt_in), annual_total_yen=review.annual_total_yen,
                batch_id=batch_id)
    lines = review.stored_lines(review_id)
    con.register("review_lines", lines)
    try:
        queries.run_script(con, "estimate/insert_lines")
    finally:
        con.unregister("review_lines")
    return review_id
