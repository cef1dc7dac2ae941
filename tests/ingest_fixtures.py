"""Helpers for the ingest tests: tiny databases, files in every accepted shape, checksums."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from dashboard import store

FACT_TABLES = ("cost_fact", "driver_fact", "status_fact", "batch")


def new_db(path: Path) -> Path:
    with store.writer(path, create=True):
        pass
    return path


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], title_rows: list[list] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in (title_rows or []) + rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def current_costs(db: Path) -> list[tuple]:
    with store.reader(db) as con:
        return con.execute("select org_code, fiscal_year, system_code, item_key, basis, amount_yen "
                           "from stg_cost_current order by all").fetchall()


def current_drivers(db: Path) -> list[tuple]:
    with store.reader(db) as con:
        return con.execute("select org_code, fiscal_year, system_code, driver_code, amount_yen "
                           "from stg_driver_current order by all").fetchall()


def current_status(db: Path) -> list[tuple]:
    with store.reader(db) as con:
        return con.execute("select org_code, system_code, status, planned_fy "
                           "from stg_status_current order by all").fetchall()


def checksum(db: Path) -> dict:
    """Row counts and an order-independent content hash of every fact table and the batches."""
    out = {}
    with store.reader(db) as con:
        for table in FACT_TABLES:
            out[table] = con.execute(
                f"select count(*), coalesce(sum(hash(t)), 0) from {table} as t").fetchone()
    return out


def frame_rows(frame: pd.DataFrame) -> list[list]:
    return [list(frame.columns)] + frame.astype(str).values.tolist()
