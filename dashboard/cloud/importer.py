"""Importing cloud files (FOCUS, account map, fx, invoice amounts) all or nothing.

Every file's header (and every small table file whole) is checked first. Then one
store.writer() transaction reads each FOCUS file once in bulk into Parquet in a staging
directory, checks its values set-based on the folded rows (dashboard/cloud/stage.py), and
records it; any problem in any file raises Refused, which abandons the transaction and
removes the staging directories. A clean staging directory is renamed to its import
directory inside the transaction, so a failed import leaves no directory that the database
refers to (and the next writer removes any orphan).
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import queries, store
from dashboard.cloud import allocate, detect, lake, read, stage, tables
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


def check(paths: list[Path], values: bool = True) -> tuple[list[tuple[str, Path, object]], list[ImportProblem]]:
    """[(kind, path, payload)] for clean files, and every problem of every file. With
    values=False a FOCUS file's header only: the import checks its values as it folds them."""
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
            found = read.check(con, source, path.name) if values else read.check_columns(source, path.name)
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
    checked, problems = check(paths, values=False)
    lap("check")
    if problems:
        raise Refused(problems)
    results, written = [], []
    try:
        with store.writer(db) as con:
            prepare(con, db)
            for kind, path, payload in checked:
                if kind == "focus":
                    result, directory, found = _focus(con, db, path, user, lap)
                    written.append(directory)
                    problems += found
                else:
                    result = _table(con, kind, path, payload)
                results.append(result)
            if problems:
                raise Refused(problems)
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
    con.execute("set enable_progress_bar = false")
    queries.run_script(con, "cloud/schema")
    queries.run_script(con, "cloud/macros")
    live = set(queries.run(con, "cloud/live_imports")["import_id"].tolist())
    lake.clean_orphans(db, live)


def _focus(con, db, path: Path, user, lap):
    import_id = int(queries.run(con, "cloud/next_import")["import_id"].iloc[0])
    staging = lake.staging_dir(db, import_id)
    lake.remove(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    staged = stage.write(path, staging)
    lap("raw parquet")
    if staged.failed:
        return None, staging, stage.problems(staged, path.name)
    broken = stage.fold(con, staging)
    lap("fold")
    if broken or staged.rejected:
        queries.run_script(con, "cloud/fold_done")
        return None, staging, stage.problems(staged, path.name)
    rows = stage.store(con, import_id)
    queries.run(con, "cloud/insert_import", import_id=import_id, file_name=path.name,
                file_sha256=_sha(path), focus_version=staged.source.version, row_count=rows,
                imported_at=store.now_utc(), imported_by=user)
    lap("lines")
    final = lake.import_dir(db, import_id)
    lake.remove(final)
    staging.rename(final)
    return Result("focus", path.name, rows, import_id, staged.source.version), final, []


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
