"""Reading a FOCUS file through DuckDB (read_csv / read_parquet), never row by row in Python.

`open_typed(con, path)` is the import's one bulk read: it defines `focus_typed` straight from
the file with explicit column types (CSV cost columns read as DECIMAL by read_csv, with
unreadable lines logged in DuckDB's reject tables instead of aborting the read), the cost
columns numeric, the four period columns UTC TIMESTAMP, `Tags` a MAP(VARCHAR, VARCHAR) (as
AWS's Parquet export stores it, so that file is kept as is; JSON text from CSV or other
Parquet is converted, and text that is not a JSON object stops the read), and the optional
columns we read added as NULL when absent.

`open_focus(con, path)` defines `focus_src` (the columns as read, CSV as text) for the
row-by-row rule check `check(con, source)` (queries/cloud/validate.sql): the import runs it
only after its set-based check found a problem, to name the rows, and a dry run runs it
alone. Rows are named as the file shows them: for CSV the line (header = line 1, as the
office-file importer counts), for Parquet the record number (1 = the first).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
from duckdb import CaseExpression, ColumnExpression, ConstantExpression, FunctionExpression

from dashboard import queries
from dashboard.cloud import spec
from dashboard.ingest.errors import ImportProblem

MAX_PROBLEMS = 20
NUMERIC = ("DOUBLE", "FLOAT", "DECIMAL", "BIGINT", "INTEGER", "HUGEINT")
TAGS = "MAP(VARCHAR, VARCHAR)"       # Tags in the lake, as AWS's Parquet export stores them
BAD_TAGS = "Tags is not a JSON object"  # the error open_typed's read raises (see stage.write)
TIMESTAMPS = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE")
RULES = {  # rule → (JA, EN)
    "type": ("値の型が不正です（数値または ISO 8601 の日時であること）", "wrong type (a number or an ISO 8601 time is required)"),
    "required": ("必須の値が空です", "a mandatory value is empty"),
    "period_order": ("期間の終了が開始以前です（End ≤ Start）", "the period ends at or before it starts (End ≤ Start)"),
    "currency": ("ISO 4217 の通貨コードではありません", "not an ISO 4217 currency code"),
    "tags": ("Tags が JSON オブジェクトとして読めません", "Tags is not a valid JSON object"),
    "category": ("ChargeCategory は Usage, Purchase, Tax, Credit, Adjustment のいずれかです",
                 "ChargeCategory must be Usage, Purchase, Tax, Credit or Adjustment"),
    "class": ("ChargeClass は空または Correction です", "ChargeClass must be empty or Correction"),
}


@dataclass
class Source:
    path: Path
    fmt: str                    # csv | parquet
    version: str | None
    columns: list[str]
    types: dict[str, str]


def file_format(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    return None


def _relation(con, path: Path, fmt: str, numbered: bool):
    if fmt == "parquet":
        return con.read_parquet(str(path), file_row_number=numbered)
    return con.read_csv(str(path), header=True, all_varchar=True, compression="auto")


def header(con, path: Path) -> list[str]:
    fmt = file_format(path)
    if fmt is None:
        return []
    return list(_relation(con, path, fmt, False).columns)


def open_focus(con: duckdb.DuckDBPyConnection, path: Path, numbered: bool = False) -> Source:
    """Define focus_src on `con` (TimeZone is set to UTC here)."""
    con.execute("set TimeZone = 'UTC'")
    fmt = file_format(path)
    rel = _relation(con, path, fmt, numbered)
    columns = [c for c in rel.columns if c != "file_row_number"]
    types = dict(zip(rel.columns, rel.types))
    exprs = []
    for name in columns:
        col = ColumnExpression(name)
        if name == "Tags" and str(types[name]).startswith("MAP"):
            col = FunctionExpression("to_json", col).cast(duckdb.sqltype("VARCHAR"))
        exprs.append(col.alias(name))
    for name in spec.OPTIONAL:
        if name not in columns:
            exprs.append(ConstantExpression(None).cast(duckdb.sqltype("VARCHAR")).alias(name))
    if numbered and fmt == "parquet":
        exprs.append((ColumnExpression("file_row_number") + ConstantExpression(1)).alias("__row"))
    src = rel.project(*exprs)
    if numbered and fmt == "csv":
        # Single-threaded so that row_number() follows the file (used only to name bad rows).
        con.execute("set threads = 1")
        src = src.project("*, row_number() over () + 1 as __row")   # header is line 1
    elif not numbered:
        src = src.project(*[ColumnExpression(c) for c in src.columns],
                          ConstantExpression(None).cast(duckdb.sqltype("BIGINT")).alias("__row"))
    src.create_view("focus_src", replace=True)
    return Source(path, fmt, spec.version_of(columns), columns, {n: str(types[n]) for n in columns})


def open_typed(con: duckdb.DuckDBPyConnection, path: Path) -> Source:
    """Define focus_typed on `con` from one typed read of the file (TimeZone set to UTC)."""
    con.execute("set TimeZone = 'UTC'")
    fmt = file_format(path)
    if fmt == "csv":
        names = header(con, path)
        # Every column is given a type, so nothing is guessed from a sample; the cost columns
        # are parsed as DECIMAL by the reader itself. The period columns stay text here and are
        # cast below: read_csv's own TIMESTAMPTZ parsing drops an explicit offset such as
        # +09:00 (DuckDB 2.0), which would move rows across the JST month boundary.
        dtype = {n: ("DECIMAL(38,10)" if n in spec.COST_COLUMNS else "VARCHAR") for n in names}
        rel = con.read_csv(str(path), header=True, compression="auto", dtype=dtype, store_rejects=True)
    else:
        rel = con.read_parquet(str(path))
    columns = list(rel.columns)
    types = {n: str(t) for n, t in zip(rel.columns, rel.types)}
    decimal, ts = duckdb.sqltype("DECIMAL(38,10)"), duckdb.sqltype("TIMESTAMP")
    tstz, text = duckdb.sqltype("TIMESTAMPTZ"), duckdb.sqltype("VARCHAR")
    exprs = []
    for name in columns:
        col, kind = ColumnExpression(name), types[name]
        if name in spec.COST_COLUMNS and not kind.startswith(NUMERIC):
            col = col.try_cast(decimal)        # a bad value becomes NULL, which the check counts
        elif name in spec.TIME_COLUMNS and kind != "TIMESTAMP":
            col = col.try_cast(tstz).cast(ts)  # honours an explicit offset; UTC otherwise
        elif name == "Tags":
            col = _tags(col, kind)
        elif name in spec.OPTIONAL and kind != "VARCHAR":
            col = col.cast(text)
        exprs.append(col.alias(name))
    for name in spec.OPTIONAL:
        if name not in columns:
            empty = ConstantExpression(None).cast(duckdb.sqltype(TAGS if name == "Tags" else "VARCHAR"))
            exprs.append(empty.alias(name))
    rel.project(*exprs).create_view("focus_typed", replace=True)
    return Source(path, fmt, spec.version_of(columns), columns, types)


def _tags(col, kind: str):
    """Tags as a MAP: a MAP is kept; JSON text becomes one, empty text NULL; text that is not
    a JSON object raises BAD_TAGS, which aborts the read (checked per row here, where the
    text is at hand, because the lake keeps only the MAP)."""
    tags = duckdb.sqltype(TAGS)
    if kind.startswith("MAP"):
        return col if kind == TAGS else col.cast(tags)
    text = col.cast(duckdb.sqltype("VARCHAR"))
    valid = FunctionExpression("json_valid", text) & FunctionExpression(
        "starts_with", FunctionExpression("ltrim", text), ConstantExpression("{"))
    return (CaseExpression(text.isnull() | (text == ConstantExpression("")), ConstantExpression(None).cast(tags))
            .when(valid, text.cast(duckdb.sqltype("JSON")).cast(tags))
            .otherwise(FunctionExpression("error", ConstantExpression(BAD_TAGS)).cast(tags)))


def copyable(con: duckdb.DuckDBPyConnection, source: Source) -> str | None:
    """The billing period when the file can be kept byte for byte as the raw Parquet: a
    Parquet file of one billing period whose columns already have the types the views
    expect (an optional column it lacks is named by a zero-row file beside it, see
    stage.write). Otherwise None (rewrite it)."""
    t = source.types
    if source.fmt != "parquet":
        return None
    if not all(t[c].startswith(NUMERIC) for c in spec.COST_COLUMNS):
        return None
    if not all(t[c] in TIMESTAMPS for c in spec.TIME_COLUMNS):
        return None
    if not all(t[c] == (TAGS if c == "Tags" else "VARCHAR") for c in spec.OPTIONAL if c in t):
        return None
    periods = queries.run(con, "cloud/periods")["billing_period"].tolist()
    return periods[0] if len(periods) == 1 else None


def check_columns(source: Source, name: str) -> list[ImportProblem]:
    """The file's problems that its header shows: not FOCUS, or mandatory columns missing."""
    if source.fmt is None:
        return [ImportProblem(name, None, None, None, "FOCUS の CSV, CSV.gz, Parquet ではありません",
                              "not a FOCUS CSV, CSV.gz or Parquet file")]
    if source.version is None:
        return [ImportProblem(name, None, None, None,
                              "FOCUS 形式ではありません（BilledCost, ChargePeriodStart 等の列がない）",
                              "not a FOCUS file (no BilledCost, ChargePeriodStart, ... columns)")]
    missing = spec.missing_mandatory(source.columns, source.version)
    if missing:
        return [ImportProblem(name, None, column, None,
                              f"FOCUS {source.version} の必須列がありません",
                              f"mandatory column of FOCUS {source.version} is missing") for column in missing]
    return []


def check(con: duckdb.DuckDBPyConnection, source: Source, name: str) -> list[ImportProblem]:
    """Every problem of the file (`open_focus` defined focus_src on `con`); empty = clean."""
    problems = check_columns(source, name)
    if problems:
        return problems
    iso = sorted(spec.ISO_4217)
    bad = queries.run(con, "cloud/validate", iso=iso, limit=MAX_PROBLEMS)
    if bad.empty:
        return []
    open_focus(con, source.path, numbered=True)     # again, now numbering the rows
    bad = queries.run(con, "cloud/validate", iso=iso, limit=MAX_PROBLEMS)
    con.execute("reset threads")
    return [ImportProblem(name, None if r.row is None else int(r.row), r.column, r.value,
                          RULES[r.rule][0], RULES[r.rule][1]) for r in bad.itertuples()]
