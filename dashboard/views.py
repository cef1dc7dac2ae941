"""Data access for the app: the page queries and the chart catalog, cached per snapshot.

Every cache key starts with store.snapshot_id(), so an import (which swaps in a new file)
invalidates everything at once. The database is opened read-only through store.reader.
Every scope passes session.narrow() before any cache lookup: a cached result computed for a
user with a wider scope is never handed to one whose scope does not contain it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import catalog, metrics, queries, session, store
from dashboard.config import database_path
from dashboard.scope import Scope


def pin_snapshot() -> None:
    """Called by app.py at the start of every rerun: the whole rerun then reads one
    snapshot, so a page shows the figures from before an import or after it, never a mix
    (README, concurrency)."""
    st.session_state["_snapshot"] = store.snapshot_id(database_path())


def snapshot() -> tuple:
    pinned = st.session_state.get("_snapshot")
    if pinned is not None and pinned[0] == str(database_path()):
        return pinned
    return store.snapshot_id(database_path())


def _scope_text(scope: Scope | None) -> str:
    return "-" if scope is None else str(scope)


def _scope(text: str) -> Scope | None:
    return None if text == "-" else Scope.parse(text)


@st.cache_data(show_spinner=False, max_entries=4000)
def _run(snap: tuple, name: str, scope_text: str, params: tuple) -> pd.DataFrame:
    with store.reader(snap[0], snapshot=snap) as con:
        return queries.run(con, name, _scope(scope_text), **dict(params))


def fetch(name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
    """queries.run through the cache; the catalog's `fetch`."""
    if scope is not None:
        session.narrow(scope)
    return _run(snapshot(), name, _scope_text(scope), tuple(sorted(params.items())))


@st.cache_data(show_spinner=False, max_entries=1000)
def _summary(snap: tuple, scope_text: str, fy: int) -> dict:
    with store.reader(snap[0], snapshot=snap) as con:
        return metrics.summary(con, _scope(scope_text), fy)


def summary(scope: Scope, fy: int) -> dict:
    """The `summary --json` object: the KPI cards show exactly these numbers."""
    session.narrow(scope)
    return _summary(snapshot(), str(scope), fy)


def data_status() -> dict:
    return fetch("metrics/data_status").iloc[0].to_dict()


def years(scope: Scope) -> list[int]:
    return [int(y) for y in fetch("metrics/years", scope)["fiscal_year"]]


@st.cache_resource(show_spinner=False, max_entries=2000)
def _spec(snap: tuple, scope_text: str, fy: int, lang: str, unit: str, key: str) -> catalog.ChartSpec:
    # cache_resource: a Plotly figure is rebuilt on every unpickle, which is what we avoid.
    # Specs are never mutated by the pages.
    return catalog.chart_specs(None, Scope.parse(scope_text), fy, lang, unit, [key], fetch=fetch)[0]


def spec(scope: Scope, fy: int, lang: str, unit: str, key: str) -> catalog.ChartSpec:
    session.narrow(scope)
    return _spec(snapshot(), str(scope), fy, lang, unit, key)
