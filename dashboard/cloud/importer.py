"""Importing cloud files (FOCUS, account map, fx, invoice amounts) all or nothing.

Every file is read and validated first; only if all are clean does one store.writer()
transaction record them. FOCUS rows are written as Parquet into a staging directory that
is renamed to its import directory inside that transaction, so a failed import leaves no
directory that the database refers to (and the next writer removes any orphan).
"""
from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import queries, store
from dashboard.cloud import allocate, detect, lake, read, tables
from dashboard.ingest.errors import ImportProblem

ORDER = {"account_map": 0, "fx": 1, "invoice": 2, "focus": 3}   # maps and rates first


# Wall and CPU seconds of each stage of the last import in this process (the benchmark prints them).
TIMINGS: dict[str, tuple[float, float]] = {}


class _Lap:
    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def __call__(self, stage: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        before = TIMINGS.get(stage, (0.0, 0.0))
        TIMINGS[stage] = (before[0] + wall - self.wall, before[1] + cpu - self.cpu)
        self.wall, self.cpu = wall, cpu


class Refused(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class Result:
    kind: str
    file_name: str
    rows: int
    import_id: int | None = None
    version: str | None = None
    notes: list[str] = field(default_factory=list)


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(paths: list[Path]) -> tuple[list[tuple[str, Path, object]], list[ImportProblem]]:
    """[(kind, path, payload)] for clean files, and every problem of every file."""
    checked, problems = [], []
    for path in paths:
        kind = detect.kind_of(path)
        if kind is None:
            problems.append(ImportProblem(path.name, None, None, None,
                                          "クラウド請求（FOCUS）、アカウント対応表、為替レート、請求額のいずれでもありません",
                                          "not a FOCUS, account-map, fx or invoice file"))
        elif kind == "focus":
            con = duckdb.connect()
            source = read.open_focus(con, path)
            found = read.check(con, source, path.name)
            con.close()
            problems += found
            checked.append((kind, path, source))
        else:
            rows, found = tables.parse(kind, path.name, path.read_bytes())
            problems += found
            checked.append((kind, path, rows))
    return sorted(checked, key=lambda c: ORDER[c[0]]), problems


def import_paths(db: Path | str, paths: list[Path], user: str | None = None) -> list[Result]:
    paths = [Path(p) for p in paths]
    TIMINGS.clear()
    lap = _Lap()
    checked, problems = check(paths)
    lap("check")
    if problems:
        raise Refused(problems)
    results, written = [], []
    try:
        with store.writer(db) as con:
            prepare(con, db)
            for kind, path, payload in checked:
                if kind == "focus":
                    result, directory = _focus(con, db, path, payload, user, lap)
                    written.append(directory)
                else:
                    result = _table(con, kind, path, payload)
                results.append(result)
            lap("tables")
            outcome = allocate.rebuild(con, db, user=user, cause=", ".join(p.name for p in paths))
            lap("allocate")
            if outcome.missing_rates:
                raise Refused([ImportProblem(
                    ", ".join(p.name for p in paths), None, "BillingCurrency", ", ".join(outcome.missing_rates),
                    "為替レートがない期間・通貨があります（fx を先に取り込んでください）",
                    "no exchange rate for these periods and currencies (import an fx file first)")])
            results[-1].notes += outcome.notes
        lap("commit")
    except BaseException:
        for directory in written:
            lake.remove(directory)
        raise
    return results


def prepare(con, db) -> None:
    con.execute("set TimeZone = 'UTC'")    # raw TIMESTAMPTZ columns become UTC timestamps
    queries.run_script(con, "cloud/schema")
    queries.run_script(con, "cloud/macros")
    live = set(queries.run(con, "cloud/live_imports")["import_id"].tolist())
    lake.clean_orphans(db, live)


def _focus(con, db, path: Path, source, user, lap):
    import_id = int(queries.run(con, "cloud/next_import")["import_id"].iloc[0])
    staging = lake.staging_dir(db, import_id)
    lake.remove(staging)
    reader = duckdb.connect()
    try:
        read.open_focus(reader, path)
        rows = int(queries.run(reader, "cloud/row_count")["row_count"].iloc[0])
        period = read.copyable(reader, source)
        if period is not None:
            # Already typed Parquet of one billing month (as AWS and Google export it): keep
            # the provider's file byte for byte, which is also the cheapest path.
            target = staging / f"billing_period={period}"
            target.mkdir(parents=True)
            shutil.copyfile(path, target / "data_0.parquet")
        else:
            staging.parent.mkdir(parents=True, exist_ok=True)
            reader.execute("set preserve_insertion_order = false")   # lets the write run in parallel
            reader.table("focus_typed").write_parquet(str(staging), partition_by=["billing_period"],
                                                      overwrite=True)
    finally:
        reader.close()
    lap("raw parquet")
    pattern = str(staging / "billing_period=*" / "*.parquet")
    queries.run(con, "cloud/fold_group", pattern=pattern)
    for step in ("fold_line", "fold_key", "fold_resource"):
        queries.run(con, f"cloud/{step}", import_id=import_id)
    queries.run_script(con, "cloud/fold_done")
    queries.run(con, "cloud/insert_import", import_id=import_id, file_name=path.name,
                file_sha256=_sha(path), focus_version=source.version, row_count=rows,
                imported_at=store.now_utc(), imported_by=user)
    lap("fold")
    final = lake.import_dir(db, import_id)
    lake.remove(final)
    staging.rename(final)
    return Result("focus", path.name, rows, import_id, source.version), final


def _table(con, kind: str, path: Path, rows: pd.DataFrame) -> Result:
    con.register("incoming", rows)
    queries.run(con, f"cloud/insert_{kind}", file_name=path.name, imported_at=store.now_utc())
    con.unregister("incoming")
    return Result(kind, path.name, len(rows))


def rollback(db: Path | str, import_id: int, user: str | None = None) -> Result:
    """Undo one FOCUS import: its pairs fall back to the previous import; its directory goes."""
    with store.writer(db) as con:
        prepare(con, db)
        done = queries.run(con, "cloud/rollback", import_id=import_id,
                           rolled_back_at=store.now_utc(), rolled_back_by=user)
        if done.empty:
            raise Refused([ImportProblem(str(import_id), None, None, None,
                                         "その取込は存在しないか、既に取り消されています",
                                         "no such import, or already rolled back")])
        allocate.rebuild(con, db, user=user, cause=f"rollback of cloud import {import_id}")
    lake.remove(lake.import_dir(db, import_id))
    return Result("rollback", done["file_name"].iloc[0], 0, import_id)


def history(db: Path | str) -> pd.DataFrame:
    with store.reader(db) as con:
        if not allocate.has_cloud(con):
            return pd.DataFrame()
        return queries.run(con, "cloud/history")
