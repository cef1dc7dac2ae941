"""Neutralise spreadsheet formulas in exported cells (CSV/XLSX formula injection).

A text cell that starts with `=`, `+`, `-`, `@` (or a tab / carriage return, which some
spreadsheet programs strip before reading the rest) is run as a formula when a CSV is
opened in Excel, and openpyxl stores such a string *as* a formula. Every CSV download
and every XLSX writer passes its values through here: text gets a leading apostrophe,
numbers stay numbers (a negative yen amount is an int, never text, so it is untouched).

    sanitize.cell("=HYPERLINK(...)")   -> "'=HYPERLINK(...)"
    sanitize.frame(df)                 -> a copy with every text cell neutralised
    sanitize.csv_bytes(df)             -> UTF-8 (with BOM, for Excel) CSV of the neutralised frame
    sanitize.xlsx_cell(ws_cell, value) -> sets an openpyxl cell to a neutralised value as text
"""
from __future__ import annotations

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with text cells (and text column names) neutralised."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if series.dtype == object or isinstance(series.dtype, pd.StringDtype):
            out[col] = series.map(cell, na_action="ignore")
    out.columns = [cell(c) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    return frame(df).to_csv(index=index).encode("utf-8-sig")


def xlsx_cell(target, value):
    """Write `value` into an openpyxl cell; text is neutralised and kept as text (never a formula)."""
    safe = cell(value)
    target.value = safe
    if isinstance(safe, str):
        target.data_type = "s"
    return target
