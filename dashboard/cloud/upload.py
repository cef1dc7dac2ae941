"""Cloud files uploaded on the データ取込 page (FOCUS bills, account maps, fx rates, invoice
amounts), handed to the same code as `python -m dashboard import`: detect.kind_of,
importer.check and importer.import_paths.

The cloud import reads files by path (DuckDB's read_csv / read_parquet), so the uploaded bytes
are written to a private temporary folder first, each under its own file name (the name the
error messages give) in a folder of its own, so that two uploads with one name do not collide.
"""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from dashboard.cloud import detect, importer
from dashboard.ingest.errors import ImportProblem

UPLOAD_TYPES = ("parquet", "gz")      # besides the page's csv: FOCUS Parquet and CSV.gz


@contextmanager
def saved(files: list[tuple[str, bytes]]):
    with tempfile.TemporaryDirectory(prefix="sanwari-cloud-upload-") as folder:
        paths = []
        for n, (name, content) in enumerate(files):
            path = Path(folder) / str(n) / (Path(name).name or "upload")
            path.parent.mkdir()
            path.write_bytes(content)
            paths.append(path)
        yield paths


def kinds(files: list[tuple[str, bytes]]) -> list[str | None]:
    """Each file's cloud kind (focus, account_map, fx, invoice), or None for other files."""
    with saved(files) as paths:
        return [detect.kind_of(p) for p in paths]


def check(files: list[tuple[str, bytes]]) -> list[ImportProblem]:
    """Every problem of every file, values included (nothing is written)."""
    with saved(files) as paths:
        return importer.check(paths)[1]


def import_files(db, files: list[tuple[str, bytes]], user: str | None) -> list[importer.Result]:
    """All or nothing, as the CLI; raises importer.Refused with the problems."""
    with saved(files) as paths:
        return importer.import_paths(db, paths, user=user)


def summary(results: list[importer.Result]) -> str:
    parts = []
    for r in results:
        version = f" FOCUS {r.version}" if r.version else ""
        number = f", import {r.import_id}" if r.import_id else ""
        parts.append(f"{r.file_name}: {r.kind}{version}, {r.rows:,} 行 / rows{number}")
    return "取り込みました / Imported: " + "; ".join(parts)
