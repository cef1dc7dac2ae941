"""Import files end to end: parse and validate every file, then write all or nothing.

The CLI and the import page both call `check_files` and `import_files`, so there is
one implementation of the rules (docs/import-format.md).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import queries, store
from dashboard.ingest import load
from dashboard.ingest.errors import ImportProblem
from dashboard.ingest.read import read_table
from dashboard.ingest.validate import KEYS, validate
from dashboard.scope import Scope


WRITE_MEMORY_LIMIT = "512MB"


@dataclass
class FileCheck:
    file_name: str
    kind: str | None
    rows: pd.DataFrame | None
    sha256: str
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.rows is not None


@dataclass
class ImportReport:
    checks: list[FileCheck]
    batches: list[load.BatchResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[ImportProblem]:
        return [p for c in self.checks for p in c.problems]


def check_file(name: str, content: bytes, allowed: Scope | None = None,
               progress=None) -> FileCheck:
    """Read and validate one file. Never raises on bad input: problems are returned.

    `allowed`: when given, rows of organizations outside it refuse the whole file.
    `progress(fraction, message)`: optional callback for long files (the import page).
    """
    sha = hashlib.sha256(content).hexdigest()
    try:
        if progress:
            progress(0.0, "reading")
        table, problems = read_table(name, content)
        if table is None:
            return FileCheck(name, None, None, sha, problems)
        kind, rows, problems = validate(name, table, allowed=allowed, progress=progress)
    except Exception as exc:  # noqa: BLE001 - a clerk must get a message, never a traceback
        problems = [ImportProblem(name, None, None, None,
                                  "ファイルを処理できませんでした（想定外のエラー）",
                                  f"the file could not be processed (unexpected {type(exc).__name__}: {exc})")]
        return FileCheck(name, None, None, sha, problems)
    if progress:
        progress(1.0, "done")
    return FileCheck(name, kind, rows, sha, problems)


def check_files(files: list[tuple[str, bytes]], allowed: Scope | None = None,
                progress=None) -> list[FileCheck]:
    checks = []
    for n, (name, content) in enumerate(files):
        step = None
        if progress:
            def step(frac, msg, n=n, name=name):
                progress((n + frac) / len(files), f"{name}: {msg}")
        checks.append(check_file(name, content, allowed=allowed, progress=step))
    return checks


def import_files(db: Path | str, files: list[tuple[str, bytes]], *, user: str | None = None,
                 dry_run: bool = False, checks: list[FileCheck] | None = None,
                 allowed: Scope | None = None) -> ImportReport:
    """Validate every file; if all are clean (and not a dry run), write one batch per file
    in a single transaction. Any problem anywhere means nothing is written.

    `allowed`: the importer's scope (role checks hook in here); rows of organizations
    outside it refuse the whole file, with those rows named.
    """
    if checks is None or allowed is not None:
        checks = check_files(files, allowed=allowed)
    _cross_file_duplicates(checks)
    report = ImportReport(checks, dry_run=dry_run)
    if not report.ok or dry_run:
        return report
    with store.writer(db) as con:
        # Bound DuckDB's own memory for this write (it spills to disk beyond it), so a
        # national file on a small server cannot take all RAM during the mart refresh.
        con.execute(f"set memory_limit = '{WRITE_MEMORY_LIMIT}'")
        for check in checks:
            report.batches.append(load.apply(
                con, check.kind, check.rows, file_name=check.file_name,
                file_sha256=check.sha256, imported_by=user))
    return report


def _cross_file_duplicates(checks: list[FileCheck]) -> None:
    """Two files of one import giving the same key would silently make one of them a
    revision of the other; refuse that like a duplicate inside one file."""
    seen: dict[tuple, str] = {}
    for check in checks:
        if not check.ok:
            continue
        keys = check.rows[KEYS[check.kind]].drop_duplicates()
        for (kind, other), other_keys in list(seen.items()):
            if kind != check.kind:
                continue
            both = keys.merge(other_keys, how="inner")
            if len(both):
                check.problems.append(ImportProblem(
                    check.file_name, None, None, " / ".join(map(str, both.iloc[0].tolist())),
                    f"{len(both):,} 件のキーが同時に取り込む「{other}」と重複しています",
                    f"{len(both):,} key(s) also appear in {other}, imported together",
                    "ファイルを1つずつ取り込むか、重複を削除してください / import them separately or remove the duplicates"))
                check.rows = None
                break
        seen[(check.kind, check.file_name)] = keys


def files_frame(checks: list[FileCheck]) -> pd.DataFrame:
    """One line per file: kind, rows, problems (the import page's summary table)."""
    kinds = {"costs": "運用経費 / costs", "drivers": "増減要因 / drivers", "status": "移行状況 / status",
             "funding": "財源 / funding", "events": "出来事 / events"}
    return pd.DataFrame({
        "ファイル / file": [c.file_name for c in checks],
        "種類 / kind": [kinds.get(c.kind, "-") for c in checks],
        "行数 / rows": [len(c.rows) if c.rows is not None else None for c in checks],
        "問題 / problems": [len(c.problems) for c in checks],
        "判定 / result": ["OK" if c.ok else "取込不可 / refused" for c in checks],
    }).astype({"行数 / rows": "Int64"})


def history(db: Path | str) -> pd.DataFrame:
    """The import batches, newest first (as `python -m dashboard history`)."""
    with store.reader(db) as con:
        return queries.run(con, "ingest/history")


def rollback(db: Path | str, batch_id: int, by: str | None = None,
             allowed: Scope | None = None) -> None:
    """Undo one batch in its own write transaction (raises load.RollbackError if not live, or
    if `allowed` is given and the batch has a row outside it)."""
    with store.writer(db) as con:
        load.rollback(con, batch_id, by=by, allowed=allowed)


def batch_scopes(db: Path | str) -> pd.DataFrame:
    """ingest/batch_scope for every batch: what each batch's rows touch."""
    with store.reader(db) as con:
        return queries.run(con, "ingest/batch_scope", batch_id=None)


def read_paths(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(Path(p).name, Path(p).read_bytes()) for p in paths]
