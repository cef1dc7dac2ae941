"""One FOCUS file into the lake's layout, and its rows folded into monthly lines, in bulk.

`write(path, staging)` reads the file once with explicit types (read.open_typed) and writes
it with DuckDB COPY as `staging/billing_period=YYYY-MM/data_0.parquet`; an already typed
Parquet month is kept byte for byte instead. `fold(con, ...)` then reads those Parquet files
once: one grouping to the finest grain any mart needs, which also counts the rows that break
a rule; the checks and the monthly lines and resources are then taken from that much smaller
table. Only when the counts show a problem is the file read again row by row
(read.check), to name the first offending rows with their line, column and reason.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from duckdb import ColumnExpression, ConstantExpression, FunctionExpression

from dashboard import queries
from dashboard.cloud import read, spec
from dashboard.ingest.errors import ImportProblem


@dataclass
class Staged:
    source: read.Source
    rejected: list[tuple] = field(default_factory=list)   # CSV lines the reader could not read
    failed: str | None = None                             # the read stopped (bad Tags text)


def write(path: Path, staging: Path) -> Staged:
    """The file's rows into `staging` (removed by the caller if the import is refused)."""
    reader = duckdb.connect()
    try:
        reader.execute("set enable_progress_bar = false")
        source = read.open_typed(reader, path)
        period = read.copyable(reader, source)
        if period is not None:
            # Already typed Parquet of one billing month (as AWS and Google can export it):
            # keep the provider's file byte for byte, which is also the cheapest path.
            target = staging / f"billing_period={period}"
            target.mkdir(parents=True)
            shutil.copyfile(path, target / "data_0.parquet")
            missing = [c for c in spec.OPTIONAL if c not in source.types]
            if missing:
                # A version without some columns we read (FOCUS 1.0 has no InvoiceId or
                # ServiceSubcategory): a zero-row file beside it names them, typed, so every
                # reader's union by name sees the lake's one shape without rewriting the rows.
                reader.table("focus_typed").project(*[ColumnExpression(c) for c in missing]).limit(0) \
                    .write_parquet(str(target / "columns.parquet"))
            return Staged(source)
        staging.mkdir(parents=True)
        reader.execute("set preserve_insertion_order = false")   # lets the write run in parallel
        whole = staging / "rows.parquet"
        try:
            reader.table("focus_typed").write_parquet(str(whole))
        except duckdb.Error as exc:
            if read.BAD_TAGS not in str(exc):
                raise
            return Staged(source, failed=read.BAD_TAGS)
        rejected = []
        if source.fmt == "csv":
            rejected = list(queries.run(reader, "cloud/csv_rejects", limit=read.MAX_PROBLEMS)
                            .itertuples(index=False, name=None))
        # The periods come from the written file (one typed column), not from the source: a
        # CSV would be parsed a second time. A month's export has one period, so the file
        # only moves; a partitioned COPY (slower) is needed for a file spanning several.
        reader.read_parquet(str(whole)).create_view("focus_typed", replace=True)
        periods = queries.run(reader, "cloud/periods")["billing_period"].tolist()
        if len(periods) == 1 and periods[0] is not None:
            target = staging / f"billing_period={periods[0]}"
            target.mkdir()
            whole.rename(target / "data_0.parquet")
        else:
            month = FunctionExpression("strftime", ColumnExpression("BillingPeriodStart"),
                                       ConstantExpression("%Y-%m")).alias("billing_period")
            rel = reader.table("focus_typed")
            rel.project(*[ColumnExpression(c) for c in rel.columns], month).write_parquet(
                str(staging), partition_by=["billing_period"], append=True)
            whole.unlink()
        return Staged(source, rejected)
    finally:
        reader.close()


def fold(con, staging: Path) -> int:
    """Group the staged rows (temp table fold_rows); the number of rows that break a rule."""
    pattern = str(staging / "billing_period=*" / "*.parquet")
    # The grouped rows have no order to keep; without it both threads write the temp table
    # (on the 1 M-row benchmark month: same CPU, 10.7 s instead of 17.2 s and 4.8 s instead of
    # 6.0 s wall under load). Reset at once: later statements of the transaction keep it.
    con.execute("set preserve_insertion_order = false")
    try:
        queries.execute(con, "cloud/fold_group", pattern=pattern)
    finally:
        con.execute("reset preserve_insertion_order")
    return int(queries.run(con, "cloud/fold_check", iso=sorted(spec.ISO_4217))["broken"].iloc[0])


def store(con, import_id: int) -> int:
    """Insert the folded lines, resources and account × period keys; the file's row count."""
    for step in ("fold_line", "fold_key", "fold_resource"):
        queries.execute(con, f"cloud/{step}", import_id=import_id)
    rows = int(queries.run(con, "cloud/fold_rows")["row_count"].iloc[0])
    queries.run_script(con, "cloud/fold_done")
    return rows


def problems(staged: Staged, name: str) -> list[ImportProblem]:
    """The first offending rows, named by a row-by-row read of the file (only on failure)."""
    con = duckdb.connect()
    try:
        found = read.check(con, read.open_focus(con, staged.source.path), name)
    finally:
        con.close()
    if found:
        return found
    if staged.rejected:
        return [ImportProblem(name, int(line), column, None,
                              "この行を読めません（列の数、引用符、値の型）",
                              "this line cannot be read (column count, quotes or value type)")
                for line, column, _ in staged.rejected]
    return [ImportProblem(name, None, None, None, "規則に合わない行があります",
                          "some rows break a FOCUS rule")]
