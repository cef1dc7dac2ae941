"""The one query loader: every SQL statement lives in queries/NAME.sql.

`run(con, "metrics/kpi", scope, fy=2026)` binds named parameters (`$fy`) and returns a
DataFrame. An unknown name or a parameter the file needs but the caller did not give
fails loudly; values are never pasted into SQL text.

This is the lowest layer: it imports nothing from the app but the paths and the Scope
value, and knows no user. Who may read which scope is checked once, above it: in the
app's data layer (views.py) and in the command that runs a query on someone's behalf.
"""
from __future__ import annotations

import re
from functools import lru_cache

import duckdb
import pandas as pd

from dashboard.config import QUERIES_DIR
from dashboard.scope import Scope

_PARAM = re.compile(r"(?<![\w$])\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


class UnknownQuery(LookupError):
    """A query name with no file under queries/."""


class MissingParameter(KeyError):
    """A query uses $name but the caller did not bind it."""


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    path = (QUERIES_DIR / f"{name}.sql").resolve()
    if QUERIES_DIR.resolve() not in path.parents or not path.is_file():
        known = ", ".join(names())
        raise UnknownQuery(f"no query named {name!r} (queries/{name}.sql); known: {known}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """Every query name, e.g. 'metrics/kpi'."""
    return sorted(str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in QUERIES_DIR.rglob("*.sql"))


@lru_cache(maxsize=None)
def parameters(name: str) -> frozenset[str]:
    """The named parameters ($name) a query file uses, comments excluded."""
    return frozenset(_PARAM.findall(_COMMENT.sub("", sql(name))))


def bind(name: str, scope: Scope | None, params: dict) -> dict:
    values = dict(params)
    if scope is not None:
        values.update(scope.params())
    needed = parameters(name)
    missing = needed - values.keys()
    if missing:
        raise MissingParameter(f"query {name!r} needs {sorted(missing)}")
    return {k: values[k] for k in needed}


def run(con: duckdb.DuckDBPyConnection, name: str, scope: Scope | None = None,
        **params) -> pd.DataFrame:
    """Run one query file and return its result."""
    bound = bind(name, scope, params)
    return con.execute(sql(name), bound or None).df()


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    """Run one statement that returns nothing (DDL or DML), with bound parameters."""
    con.execute(sql(name), bind(name, None, params) or None)


def run_script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run a multi-statement file without parameters (schema, views, mart refresh)."""
    if parameters(name):
        raise MissingParameter(f"script {name!r} must not take parameters")
    con.execute(sql(name))
