"""Cloud bills at scale: import a 10 M-row FOCUS month, then time the /cloud page reruns.

    .venv/bin/python tests/bench/bench_cloud.py [--rows 10000000] [--format parquet|csv.gz]
        [--runs 20] [--keep DIR] [--pages-only]

Writes one AWS-flavoured FOCUS 1.2 month (2026-04) as AWS Data Exports write it: Parquet
(snappy) with typed costs and timestamps and `Tags` as a MAP, or CSV.gz with Tags as JSON
text. 300 sub-accounts (of which 30 shared among 3 organizations by tag or population), 60
services, 200,000 resources, hourly charge periods; invoice, charge category and commitment
status vary row by row (harder to fold than a real month, where they follow the resource).
Imports it with an account map and an fx file through the `import` path
(`importer.import_paths`, as the CLI does) into a fresh database, in a child process so that
its peak memory is its own, and prints, each beside its target:
- rows, file size, import wall and CPU time (target ≤ 30 s), peak RSS, per-stage times;
- the /cloud page's warm rerun median and p95 for a national and an organization user
  (AppTest; target ≤ 300 ms);
- the load average beside every wall time (the machine is shared: CPU time is the steadier
  number under load).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import duckdb  # noqa: E402

from tests.bench import rows as bench_rows  # noqa: E402

ORGS = ["011002", "012025", "012033", "012041", "012050", "012068", "012076", "012084", "012092", "012106"]
MONTH_START = "2026-04-01"


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def generate(folder: Path, rows: int, fmt: str) -> dict[str, Path]:
    import cloud_fixtures as cf
    folder.mkdir(parents=True, exist_ok=True)
    focus = folder / f"aws_focus_1_2_2026-04_{rows}.{fmt}"
    if not focus.exists():
        _focus_file(focus, rows, fmt)
    map_rows = []
    for n in range(300):
        account = f"acct-{n:03d}"
        if n < 30:          # shared by three organizations: tag first, else population
            map_rows += [[account, code, "01", "共同", "population", "gc-org"] for code in ORGS[:3]]
        else:
            map_rows.append([account, ORGS[n % len(ORGS)], f"{1 + n % 20:02d}", "単独", "", ""])
    return {"map": cf.text_file(folder / "map.csv", cf.MAP_HEADER, map_rows),
            "fx": cf.text_file(folder / "fx.csv", cf.FX_HEADER, [["FY2026", "150", "bench"]]),
            "focus": focus}


def _focus_file(focus: Path, rows: int, fmt: str) -> None:
    # Parquet as AWS writes it keeps Tags as a MAP; CSV carries the same tags as JSON text.
    if fmt == "parquet":
        tags = ("case when r % 3 = 0 then map(['gc-org', 'Name'], [org, 'res-' || r]) "
                "else map(['Name'], ['res-' || r]) end")
        options = "format parquet"
    else:
        tags = ("case when r % 3 = 0 then '{\"gc-org\": \"' || org || '\", \"Name\": \"res-' || r || '\"}' "
                "else '{\"Name\": \"res-' || r || '\"}' end")
        options = "format csv, header, compression gzip, timestampformat '%Y-%m-%dT%H:%M:%SZ'"
    temp = focus.with_name(focus.name + ".part")
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    # Deterministic pseudo-random columns from the row number (hash), so reruns are equal.
    con.execute(f"""
        copy (
        with g as (
            -- a resource (one of 200,000) fixes the account, the service and the tags, as
            -- in a real export; the hash varies amounts, hours and charge categories.
            select range as i, hash(range) as h, hash(range * 2 + 1) % 200000 as r from range({int(rows)})),
        o as (select *, ['{ORGS[0]}', '{ORGS[1]}', '{ORGS[2]}'][cast(1 + (r // 3) % 3 as integer)] as org from g)
        select
            round(((h % 100000) / 10000.0), 6) as BilledCost,
            'payer-0001' as BillingAccountId, 'Government Cloud payer' as BillingAccountName,
            'USD' as BillingCurrency,
            timestamp '2026-05-01 00:00:00' as BillingPeriodEnd,
            timestamp '2026-04-01 00:00:00' as BillingPeriodStart,
            case when h % 50 = 0 then 'Tax' when h % 97 = 0 then 'Credit' else 'Usage' end as ChargeCategory,
            null::varchar as ChargeClass, 'usage' as ChargeDescription,
            timestamp '2026-04-01 00:00:00' + to_hours(cast(i % 720 as integer)) + interval 1 hour as ChargePeriodEnd,
            timestamp '2026-04-01 00:00:00' + to_hours(cast(i % 720 as integer)) as ChargePeriodStart,
            round(((h % 100000) / 10000.0) * 1.05, 6) as ContractedCost,
            round(((h % 100000) / 10000.0) * 0.9, 6) as EffectiveCost,
            'AWS' as InvoiceIssuerName, 'INV-2026-04-' || (h % 3) as InvoiceId,
            round(((h % 100000) / 10000.0) * 1.2, 6) as ListCost,
            1.0 as PricingQuantity, 'Hours' as PricingUnit, 'AWS' as ProviderName, 'AWS' as PublisherName,
            ['Compute', 'Storage', 'Databases', 'Networking', 'Management and Governance'][cast(1 + (r % 60) % 5 as integer)] as ServiceCategory,
            'Service ' || (r % 60) as ServiceName, 'Sub' as ServiceSubcategory,
            'acct-' || lpad(cast(r % 300 as varchar), 3, '0') as SubAccountId,
            'member' as SubAccountName,
            'arn:aws:ec2:ap-northeast-1:res/' || r as ResourceId,
            'res-' || r as ResourceName,
            {tags} as Tags,
            case when h % 11 = 0 then 'cd-1' end as CommitmentDiscountId,
            case when h % 11 = 0 then 'Used' when h % 503 = 0 then 'Unused' end as CommitmentDiscountStatus,
            'Billing Profile' as BillingAccountType,
            'APN1-BoxUsage' as x_UsageType, 'RunInstances' as x_Operation
        from o) to '{temp}' ({options})""")
    con.close()
    temp.rename(focus)


def page_times(db: Path, runs: int, rows_label: str = "") -> None:
    """Warm reruns of /cloud in AppTest for a national and an organization user."""
    from streamlit.testing.v1 import AppTest
    from dashboard import accounts
    from dashboard.scope import Scope
    users = db.parent / "bench_users.toml"
    users.unlink(missing_ok=True)
    password = "bench-password-123"
    accounts.add("nat", Scope(), password=password, path=users)
    accounts.add("org", Scope("org", ORGS[1]), password=password, path=users)
    os.environ.update({"SANWARI_DB": str(db), "SANWARI_USERS": str(users),
                       "SANWARI_AUDIT": str(db.parent / "bench_audit.jsonl")})
    os.environ.pop("SANWARI_OPEN_DEMO", None)
    app = str(ROOT / "dashboard" / "app.py")
    print(f"/cloud page reruns (AppTest, {runs} warm reruns; target ≤ 300 ms; the script runs in "
          "this process, so its CPU time is the page's own):")
    for user in ("nat", "org"):
        at = AppTest.from_file(app, default_timeout=600)
        at.run()
        at.text_input(key="sanwari_login_name").input(user)
        at.text_input(key="sanwari_login_password").input(password)
        next(b for b in at.button if "Sign in" in str(b.label)).click()
        at.run()
        at.switch_page("ui/cloud.py")
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        assert not at.exception, [e.value for e in at.exception]
        assert at.metric, "the cloud page showed no figures"
        times, cpus = [], []
        for _ in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            at.run()
            times.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        verdict = "holds" if p95 <= 300 else "does not hold"
        bench_rows.emit(f"/cloud warm rerun p95, {'national' if user == 'nat' else 'organization'} user "
                  f"(median; CPU median; {load()})", f"{rows_label}",
                  f"{p95:.0f} ms ({statistics.median(times):.0f} ms; {statistics.median(cpus):.0f} ms)",
                  "≤ 300 ms", p95 <= 300)
        print(f"  {user:4} first {first * 1000:6.0f} ms; warm rerun median {statistics.median(times):4.0f} ms, "
              f"p95 {p95:4.0f} ms (target ≤ 300 ms: {verdict}); CPU median {statistics.median(cpus):4.0f} ms, "
              f"max {max(cpus):4.0f} ms; {load()}")


def _import(db: str, focus: str, out) -> None:
    """The timed import, in a child process: its own CPU time and peak RSS."""
    from dashboard.cloud import importer
    started, cpu = time.perf_counter(), time.process_time()
    results = importer.import_paths(Path(db), [Path(focus)])
    out.put({"rows": results[0].rows, "wall": time.perf_counter() - started,
             "cpu": time.process_time() - cpu, "stages": dict(importer.TIMINGS), "load": load(),
             "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def import_times(folder: Path, rows: int, fmt: str) -> Path:
    from dashboard import store
    from dashboard.cloud import importer, lake
    started = time.perf_counter()
    files = generate(folder / "in", rows, fmt)
    print(f"input: {rows:,} FOCUS rows, {fmt}, {files['focus'].stat().st_size / 1e6:.0f} MB "
          f"(ready in {time.perf_counter() - started:.1f} s)")
    db = folder / "bench.duckdb"
    for p in [db, *db.parent.glob("bench.focus")]:
        if p.is_dir():
            lake.remove(p)
        elif p.exists():
            p.unlink()
    with store.writer(db, create=True):
        pass
    importer.import_paths(db, [files["map"], files["fx"]])
    spawn = multiprocessing.get_context("spawn")
    out = spawn.Queue()
    child = spawn.Process(target=_import, args=(str(db), str(files["focus"]), out))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"the import failed (exit code {child.exitcode})")
    m = out.get()
    size = sum(f.stat().st_size for f in lake.root(db).rglob("*.parquet"))
    verdict = "holds" if m["wall"] <= 30 else "does not hold"
    label = f"{m['rows'] / 1e6:g} M rows"
    parquet = fmt == "parquet"   # the 30 s target is for a Parquet month; CSV.gz is only compared per row
    bench_rows.emit(f"cloud import, FOCUS {fmt} ({files['focus'].stat().st_size / 1e6:.0f} MB), wall ({m['load']})",
              label, f"{m['wall']:.1f} s", *(("≤ 30 s", m["wall"] <= 30) if parquet else ()))
    bench_rows.emit("cloud import CPU time (user + sys, all threads); peak RSS", label,
              f"{m['cpu']:.1f} s; {m['rss_mb']:.0f} MB")
    print(f"import: {m['rows']:,} rows; wall {m['wall']:.1f} s (target ≤ 30 s: {verdict}); "
          f"CPU {m['cpu']:.1f} s on {os.cpu_count()} cores (wall on an idle machine ≥ CPU / cores = "
          f"{m['cpu'] / os.cpu_count():.1f} s); peak RSS {m['rss_mb']:.0f} MB; {m['load']}")
    print(f"  raw Parquet {size / 1e6:.0f} MB, database {db.stat().st_size / 1e6:.0f} MB")
    print("  stages (wall / CPU s): " + ", ".join(f"{k} {w:.1f}/{c:.1f}" for k, (w, c) in m["stages"].items()))
    return db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--format", choices=("parquet", "csv.gz"), default="parquet")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (the input is reused)")
    parser.add_argument("--pages-only", action="store_true",
                        help="time the page on the database a --keep run left")
    parser.add_argument("--no-pages", action="store_true", help="time the import only")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="sanwari-cloud-bench-"))
    db = folder / "bench.duckdb"
    if not args.pages_only:
        db = import_times(folder, args.rows, args.format)
    if not args.no_pages:
        page_times(db, args.runs, f"{args.rows / 1e6:g} M rows")


if __name__ == "__main__":
    main()
