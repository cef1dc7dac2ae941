"""The raw FOCUS rows as Parquet beside the database, one directory per import.

    data/sanwari.duckdb
    data/sanwari.focus/import_id=7/billing_period=2026-04/data_0.parquet

A restatement is a new import directory; a rollback removes one. The directory names are
Hive partitions, so DuckDB (and DuckLake, Trino or Spark) read import_id and billing_period
as columns without any catalog.
"""
from __future__ import annotations

import shutil
from pathlib import Path


def root(db: Path | str) -> Path:
    db = Path(db)
    return db.parent / f"{db.stem}.focus"


def import_dir(db: Path | str, import_id: int) -> Path:
    return root(db) / f"import_id={import_id}"


def staging_dir(db: Path | str, import_id: int) -> Path:
    """Where an import writes before its database transaction commits."""
    return root(db) / f".writing-{import_id}"


def glob(db: Path | str) -> str:
    """The pattern cloud_raw() reads; `import_id=*` skips the .writing-* directories."""
    return str(root(db) / "import_id=*" / "billing_period=*" / "*.parquet")


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def clean_orphans(db: Path | str, live_ids: set[int]) -> None:
    """Directories left by a writer that died (we hold the write lock when called)."""
    base = root(db)
    if not base.is_dir():
        return
    for child in base.iterdir():
        if child.name.startswith(".writing-"):
            remove(child)
        elif child.name.startswith("import_id="):
            try:
                number = int(child.name.split("=", 1)[1])
            except ValueError:
                continue
            if number not in live_ids:
                remove(child)
