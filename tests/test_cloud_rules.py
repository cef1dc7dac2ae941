"""Usage-basis allocation, invoice reconciliation, and the anomaly and forecast arithmetic,
with numbers worked out by hand."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

import cloud_fixtures as cf
from dashboard import store
from dashboard.cloud import importer, report
from dashboard.scope import Scope


def test_usage_basis_and_reconciliation(tmp_path):
    db = tmp_path / "u.duckdb"
    with store.writer(db, create=True):
        pass
    common = dict(account="gcp-0002", sub="project-usage", period=cf.APRIL, service="Compute Engine",
                  category="Compute", invoice="INV-U-1")
    rows = [cf.row("1.3", start="2026-04-05T00:00:00Z", end="2026-04-06T00:00:00Z", billed=6.0,
                   tags={"gc-org": cf.HAKODATE}, **common),
            cf.row("1.3", start="2026-04-05T00:00:00Z", end="2026-04-06T00:00:00Z", billed=2.0,
                   tags={"gc-org": cf.OTARU}, **common),
            # names an organization that is not in this account: not a tag match, so by usage
            cf.row("1.3", start="2026-04-05T00:00:00Z", end="2026-04-06T00:00:00Z", billed=1.0,
                   tags={"gc-org": "312011"}, **common),
            cf.row("1.3", start="2026-04-05T00:00:00Z", end="2026-04-06T00:00:00Z", billed=3.0, **common)]
    folder = tmp_path / "in"
    folder.mkdir()
    files = [cf.text_file(folder / "map.csv", cf.MAP_HEADER,
                          [["project-usage", c, "01", "共同", "usage", "gc-org"]
                           for c in (cf.SAPPORO, cf.HAKODATE, cf.OTARU)]),
             cf.text_file(folder / "fx.csv", cf.FX_HEADER, [["2026-04", "150", "test"]]),
             cf.text_file(folder / "invoice.csv", ["InvoiceId", "amount_yen", "source"],
                          [["INV-U-1", "1700", "納付書 2026-05"]]),
             cf.write(folder / "gcp.parquet", "1.3", rows)]
    importer.import_paths(db, files)
    with store.reader(db) as con:
        split = con.execute("select org_code, x_AllocatedMethodId, sum(billed_yen) from cloud_alloc "
                            "group by all order by all").fetchall()
        f = report.figures(con, Scope(), 2026, datetime(2026, 11, 1))
    # tags: Hakodate $6 → ¥900, Otaru $2 → ¥300. The other two lines go by usage 900 : 300
    # (3 : 1), each split to the yen on its own; Sapporo used nothing → 0:
    #   $1 tagged outside the account → ¥150: 112.5 / 37.5 → 112 + 37 = 149, the yen left goes
    #     to the tie's lower code (Hakodate) → 113 / 37
    #   $3 untagged → ¥450: 337.5 / 112.5 → 337 / 112, again +1 Hakodate → 338 / 112
    assert split == [(cf.HAKODATE, "tag", 900), (cf.HAKODATE, "usage", 113 + 338),
                     (cf.OTARU, "tag", 300), (cf.OTARU, "usage", 37 + 112)]
    # billed ¥1,800 against ¥1,700 paid: ¥100 more billed than the 納付 amount
    assert f["reconcile"][["invoice_id", "billed_yen", "invoice_yen", "difference_yen"]].values.tolist() == [
        ["INV-U-1", 1800, 1700, 100]]


def test_anomaly_names_the_month_and_the_services():
    months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    rows = []
    for m in months:
        rows.append({"month": m, "service_name": "EC2", "billed_yen": 1000})
        rows.append({"month": m, "service_name": "S3", "billed_yen": 300 if m == "2026-05" else 100})
    rows.append({"month": "2026-05", "service_name": "RDS", "billed_yen": 500})
    found = report.anomalies(pd.DataFrame(rows), 2026)
    # April: 1,100 = the trailing mean, no anomaly. May: 1,800 vs mean 1,100 (sd 0): +700,
    # more than 20% — driven by RDS (+500) and S3 (+200); EC2 did not move.
    assert found == [{"month": "2026-05", "billed_yen": 1800, "trailing_mean_yen": 1100, "change_yen": 700,
                      "services": [{"service_name": "RDS", "change_yen": 500},
                                   {"service_name": "S3", "change_yen": 200},
                                   {"service_name": "EC2", "change_yen": 0}]}]


def test_forecast_run_rate_and_band():
    months = pd.DataFrame({"month": ["2026-04", "2026-05", "2026-06", "2026-07"],
                           "billed_yen": [100, 200, 300, 400]})
    fc = report.forecast(months, 2026, datetime(2026, 8, 10))
    # 4 months seen, 1,000 so far; last three 200, 300, 400: mean 300 × 8 months left
    assert fc == {"actual_yen": 1000, "months_elapsed": 4, "months_left": 8, "forecast_yen": 3400,
                  "low_yen": 2600, "high_yen": 4200}
    assert report.forecast(months, 2026, datetime(2027, 3, 31, 15, 0)) is None    # FY2026 closed (JST)
    assert report.forecast(months, 2026, datetime(2027, 3, 31, 14, 59)) is not None
