""""Adopt as estimate figures": the annualised amounts of a review become `basis = estimate`
cost rows of the organization, through the normal import path (same validation, one
batch, revisions, rollback from the import page or `python -m dashboard rollback`).

The rows are a cost file in the import format (domain.md section 8) — 団体コード, 年度,
業務, 費目, 区分=見積, 金額 — one per operation × cost item × chosen fiscal year, from the
apportioned annual amounts. The review itself is saved (estimate_review/estimate_line)
with the batch it produced.
"""
from __future__ import annotations

import csv
import io

from dashboard import store
from dashboard.estimate import data
from dashboard.ingest import pipeline


class NotAdoptable(ValueError):
    pass


def costs_csv(result, years: list[int]) -> bytes:
    a = result.allocations
    if len(a) and a["system_code"].isna().any():
        raise NotAdoptable("業務に配賦できない共通経費があります（業務を指定してください） / some shared "
                           "lines cannot be apportioned to an operation: assign one")
    sums = a.groupby(["system_code", "item_key"])["annual_yen"].sum() if len(a) else {}
    if not len(sums):
        raise NotAdoptable("取り込む金額がありません / nothing to adopt")
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["団体コード", "年度", "業務", "費目", "区分", "金額"])
    for fy in years:
        for (system, item), yen in sums.items():
            w.writerow([result.org_code, fy, system, item, "見積", int(yen)])
    return out.getvalue().encode("utf-8")


def adopt(db, result, years: list[int], user: str | None, allowed=None, share_opt_in: bool = False):
    """Import the review's annual amounts as estimate figures, then save the review with the
    batch id. Returns the pipeline's ImportReport (not ok: nothing was written)."""
    body = costs_csv(result, years)
    name = f"estimate_review_{result.org_code}_{result.sha256[:8]}.csv"
    report = pipeline.import_files(db, [(name, body)], user=user, allowed=allowed)
    if report.ok:
        with store.writer(db) as con:
            data.save_review(con, result, user, share_opt_in, batch_id=report.batches[0].batch_id)
    return report


def save(db, result, user: str | None, share_opt_in: bool) -> int:
    """Save a confirmed review without adopting it."""
    with store.writer(db) as con:
        return data.save_review(con, result, user, share_opt_in)
