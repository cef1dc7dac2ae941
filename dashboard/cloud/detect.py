"""Which cloud import kind a file is, from its columns: focus, account_map, fx, invoice, or None.

Kept apart from the office-file importer's kind detection, which recognises cost, driver
and status files; the `import` command asks here first.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from dashboard.cloud import read, spec, tables


def _csv_header(path: Path) -> list[str]:
    with open(path, "rb") as handle:
        head = handle.read(65536).split(b"\n", 1)[0]
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return []
    return [c.strip() for c in next(csv.reader(io.StringIO(text.rstrip("\r"))), [])]


def kind_of(path: Path) -> str | None:
    path = Path(path)
    fmt = read.file_format(path)
    if fmt is None:
        return None
    if fmt == "csv" and not path.name.lower().endswith(".gz"):
        header = _csv_header(path)
    else:
        try:
            header = read.header(duckdb.connect(), path)
        except duckdb.Error:
            return None
    if spec.version_of(header) is not None:
        return "focus"
    return tables.kind_of(header)
