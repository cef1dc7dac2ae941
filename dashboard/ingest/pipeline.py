"""Import files end to end: parse and validate every file, then write all or nothing.

The CLI and the import page both call `check_files` and `import_files`, so there is
one implementation of the rules (domain.md section 8).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import store
from dashboard.ingest import load
from dashboard.ingest.errors import ImportProblem
from dashboard.ingest.parse import parse_file


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


def check_file(name: str, content: bytes) -> FileCheck:
    sha = hashlib.sha256(content).hexdigest()
    kind, rows, problems = parse_file(name, content)
    return FileCheck(name, kind, rows, sha, problems)


def check_files(files: list[tuple[str, bytes]]) -> list[FileCheck]:
    return [check_file(name, content) for name, content in files]


def import_files(db: Path | str, files: list[tuple[str, bytes]], *, user: str | None = None,
                 dry_run: bool = False, checks: list[FileCheck] | None = None) -> ImportReport:
    """Validate every file; if all are clean (and not a dry run), write one batch per file
    in a single transaction. Any problem anywhere means nothing is written."""
    checks = checks if checks is not None else check_files(files)
    report = ImportReport(checks, dry_run=dry_run)
    if not report.ok or dry_run:
        return report
    with store.writer(db) as con:
        for check in checks:
            report.batches.append(load.apply(
                con, check.kind, check.rows, file_name=check.file_name,
                file_sha256=check.sha256, imported_by=user))
    return report


def read_paths(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(Path(p).name, Path(p).read_bytes()) for p in paths]
