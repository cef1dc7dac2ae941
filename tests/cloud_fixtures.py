"""FOCUS files written by the tests to the specification, in the AWS, Azure and GCP flavours.

Each flavour follows its provider's export: AWS Data Exports (FOCUS 1.0, CSV.gz, with
x_UsageType, x_Operation, x_ServiceCode), Azure FocusCost (1.2, CSV, with
x_ResourceGroupName, x_SkuMeterCategory, x_BillingProfileId), Google's BigQuery FOCUS export
(1.3, Parquet, with x_ProjectName, ServiceProviderName and HostProviderName). Every mandatory
column of the version is present; values are ISO 8601 UTC, period ends exclusive.

The hand-worked totals the tests assert are written beside each fixture.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import duckdb
import pandas as pd

SAPPORO, HAKODATE, OTARU = "011002", "012025", "012033"
# Population, 令和2年国勢調査 (data/reference/population.csv): 1,973,395 / 251,084 / 111,299.

BASE_1_0 = ["BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
            "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
            "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit",
            "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
            "SubAccountId", "SubAccountName", "ResourceId", "ResourceName", "Tags",
            "CommitmentDiscountId", "CommitmentDiscountStatus", "RegionId"]
COLUMNS = {
    "1.0": BASE_1_0 + ["x_UsageType", "x_Operation", "x_ServiceCode"],
    "1.2": [c for c in BASE_1_0] + ["ServiceSubcategory", "InvoiceId", "BillingAccountType",
                                    "x_ResourceGroupName", "x_SkuMeterCategory", "x_BillingProfileId"],
    "1.3": [c for c in BASE_1_0 if c not in ("ProviderName", "PublisherName")]
           + ["ServiceSubcategory", "InvoiceId", "ServiceProviderName", "HostProviderName",
              "AllocatedMethodId", "x_ProjectName"],
}
PROVIDER = {"1.0": "AWS", "1.2": "Microsoft", "1.3": "Google Cloud"}


def row(version: str, *, account: str, sub: str | None, start: str, end: str, billed,
        currency: str = "USD", effective=None, list_cost=None, contracted=None,
        service: str = "Amazon Elastic Compute Cloud", category: str = "Compute",
        charge: str = "Usage", resource: str | None = "i-0001", tags: dict | None = None,
        commitment: str | None = None, invoice: str | None = None, period=("2026-03-01", "2026-04-01"),
        **extra) -> dict:
    """One FOCUS row; amounts default to BilledCost (no discount)."""
    provider = PROVIDER[version]
    values = {
        "BilledCost": billed, "BillingAccountId": account, "BillingAccountName": f"{account} name",
        "BillingCurrency": currency, "BillingPeriodStart": f"{period[0]}T00:00:00Z",
        "BillingPeriodEnd": f"{period[1]}T00:00:00Z", "ChargeCategory": charge, "ChargeClass": "",
        "ChargeDescription": f"{service} usage", "ChargePeriodStart": start, "ChargePeriodEnd": end,
        "ContractedCost": billed if contracted is None else contracted,
        "EffectiveCost": billed if effective is None else effective,
        "InvoiceIssuerName": provider, "ListCost": billed if list_cost is None else list_cost,
        "PricingQuantity": 1, "PricingUnit": "Hours", "ProviderName": provider,
        "PublisherName": provider, "ServiceCategory": category, "ServiceName": service,
        "SubAccountId": sub or "", "SubAccountName": sub or "", "ResourceId": resource or "",
        "ResourceName": resource or "", "Tags": json.dumps(tags) if tags is not None else "",
        "CommitmentDiscountId": "cd-1" if commitment else "", "CommitmentDiscountStatus": commitment or "",
        "RegionId": "ap-northeast-1", "ServiceSubcategory": "Virtual Machines",
        "InvoiceId": invoice or "", "BillingAccountType": "Billing Profile",
        "ServiceProviderName": provider, "HostProviderName": provider, "AllocatedMethodId": "",
        "x_UsageType": "APN1-BoxUsage", "x_Operation": "RunInstances", "x_ServiceCode": "AmazonEC2",
        "x_ResourceGroupName": "rg-gc", "x_SkuMeterCategory": "Virtual Machines",
        "x_BillingProfileId": "bp-1", "x_ProjectName": "gc-project",
    }
    values.update(extra)
    return values


def write(path: Path, version: str, rows: list[dict], columns: list[str] | None = None,
          map_tags: bool = False) -> Path:
    """CSV, CSV.gz or Parquet by the file name; columns default to the version's. Parquet
    Tags are JSON text, or with map_tags a MAP(VARCHAR, VARCHAR) as AWS's Parquet export has."""
    columns = columns or COLUMNS[version]
    frame = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns)
    name = path.name
    if name.endswith(".parquet"):
        con = duckdb.connect()
        typed = frame.copy()
        for c in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "PricingQuantity"):
            if c in typed:
                typed[c] = pd.to_numeric(typed[c])
        for c in ("ChargePeriodStart", "ChargePeriodEnd", "BillingPeriodStart", "BillingPeriodEnd"):
            if c in typed:      # typed timestamps, as exports write them (the file is kept as is)
                typed[c] = pd.to_datetime(typed[c], utc=True).dt.tz_localize(None)
        con.register("frame", typed)
        select = ("select * replace (cast(cast(nullif(Tags, '') as json) as map(varchar, varchar)) as Tags) from frame"
                  if map_tags else "select * from frame")
        con.execute(f"copy ({select}) to '" + str(path).replace("'", "''") + "' (format parquet)")
        con.close()
        return path
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in frame.itertuples(index=False):
        writer.writerow(list(r))
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def text_file(path: Path, header: list[str], rows: list[list]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the scenario
# AWS (1.0, USD): account 111111111111 is Sapporo's own (単独, 住基 01).
#   row A: 2026-03-31T14:00Z → JST 23:00 on 31 March: FY2025, rate FY2025 = ¥139: $10 → ¥1,390
#   row B: 2026-03-31T15:00Z → JST 00:00 on 1 April: FY2026, rate 2026-04 = ¥150: $20 → ¥3,000
#          (list $25 → ¥3,750, contracted $22 → ¥3,300, effective $18 → ¥2,700)
#   row C: account 999999999999, not in the map: $1 in April → ¥150, unallocated.
# Azure (1.2, JPY): billing account azure-ea-1.
#   sub-pop (共同, population): ¥1,000,000 in April 2026 →
#     1,000,000 × 1,973,395 / 2,335,778 = 844,855.55 → 844,855
#     1,000,000 ×   251,084 / 2,335,778 = 107,494.80 → 107,495 (largest remainders get
#     1,000,000 ×   111,299 / 2,335,778 =  47,649.65 →  47,650  the 2 yen left by floors)
#   sub-equal (共同, equal): ¥100 → 34 / 33 / 33 (the tie goes to the lowest code, Sapporo)
#   committed usage: ¥400 billed (Used commitment; contracted ¥500, so savings ¥100) and
#     ¥60 unused commitment, both on Sapporo's own sub-own account.
# GCP (1.3, USD): project-tag (共同, tag key gc-org, otherwise population), April 2026 @ ¥150:
#   $5 tagged 012025 → ¥750 Hakodate; $3 tagged 012033 → ¥450 Otaru;
#   $2 untagged → ¥300 by population → 254 / 32 / 14 (253.46, 32.25, 14.29: 1 yen left → Sapporo)
APRIL = ("2026-04-01", "2026-05-01")


def aws_rows(scale_b: float = 1.0) -> list[dict]:
    return [
        row("1.0", account="111111111111", sub=None, start="2026-03-31T14:00:00Z",
            end="2026-03-31T15:00:00Z", billed=10.0, resource="i-sapporo-1"),
        row("1.0", account="111111111111", sub=None, start="2026-03-31T15:00:00Z",
            end="2026-03-31T16:00:00Z", billed=20.0 * scale_b, effective=18.0 * scale_b,
            list_cost=25.0 * scale_b, contracted=22.0 * scale_b, resource="i-sapporo-2"),
        row("1.0", account="999999999999", sub=None, start="2026-04-02T00:00:00Z",
            end="2026-04-02T01:00:00Z", billed=1.0, period=APRIL, resource="i-unknown"),
    ]


def azure_rows() -> list[dict]:
    common = dict(account="azure-ea-1", currency="JPY", period=APRIL, service="Virtual Machines",
                  category="Compute", invoice="INV-AZ-1")
    return [
        row("1.2", sub="sub-pop", start="2026-04-10T00:00:00Z", end="2026-04-11T00:00:00Z",
            billed=1000000, resource="vm-pop", **common),
        row("1.2", sub="sub-equal", start="2026-04-10T00:00:00Z", end="2026-04-11T00:00:00Z",
            billed=100, resource="vm-equal", **common),
        row("1.2", sub="sub-own", start="2026-04-10T00:00:00Z", end="2026-04-11T00:00:00Z",
            billed=400, effective=400, contracted=500, list_cost=500, commitment="Used",
            resource="vm-own", **common),
        row("1.2", sub="sub-own", start="2026-04-10T00:00:00Z", end="2026-04-11T00:00:00Z",
            billed=60, effective=60, contracted=60, list_cost=60, commitment="Unused",
            resource="", **common),
    ]


def gcp_rows() -> list[dict]:
    common = dict(account="gcp-0001", sub="project-tag", period=APRIL, service="Compute Engine",
                  category="Compute", invoice="INV-GCP-1")
    return [
        row("1.3", start="2026-04-05T00:00:00Z", end="2026-04-06T00:00:00Z", billed=5.0,
            tags={"gc-org": HAKODATE}, resource="vm-hakodate", **common),
        row("1.3", start="2026-04-05T00:00:00Z", end="2026-04-06T00:00:00Z", billed=3.0,
            tags={"gc-org": OTARU, "env": "prod"}, resource="vm-otaru", **common),
        row("1.3", start="2026-04-05T00:00:00Z", end="2026-04-06T00:00:00Z", billed=2.0,
            tags={"env": "shared"}, resource="lb-shared", **common),
    ]


MAP_HEADER = ["account_id", "org_code", "operation", "model", "basis", "tag_key"]
MAP_ROWS = [
    ["111111111111", SAPPORO, "01", "単独", "", ""],
    ["sub-own", SAPPORO, "01", "単独", "", ""],
    *[["sub-pop", code, "01", "共同", "population", ""] for code in (SAPPORO, HAKODATE, OTARU)],
    *[["sub-equal", code, "01", "共同", "equal", ""] for code in (SAPPORO, HAKODATE, OTARU)],
    *[["project-tag", code, "01", "共同", "population", "gc-org"] for code in (SAPPORO, HAKODATE, OTARU)],
]
FX_HEADER = ["period", "yen_per_usd", "source"]
FX_ROWS = [["FY2025", "139", "出納管理事務規定"], ["2026-04", "150", "test rate"]]


def scenario(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "map": text_file(folder / "account_map.csv", MAP_HEADER, MAP_ROWS),
        "fx": text_file(folder / "fx.csv", FX_HEADER, FX_ROWS),
        "aws": write(folder / "aws_focus_1_0.csv.gz", "1.0", aws_rows()),
        "azure": write(folder / "azure_focuscost_1_2.csv", "1.2", azure_rows()),
        "gcp": write(folder / "gcp_focus_1_3.parquet", "1.3", gcp_rows()),
    }
