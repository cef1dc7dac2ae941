"""Data access for the app: the page queries and the chart catalog, cached per snapshot
and shared by every session (dashboard.memo).

Every cache key starts with store.snapshot_id(), so an import (which swaps in a new file)
invalidates everything at once. Keys hold the scope, year, language and unit, never the
user. The database is opened read-only through store.reader.
Every scope passes session.narrow() before any cache lookup: a cached result computed for a
user with a wider scope is never handed to one whose scope does not contain it.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import catalog, memo, metrics, queries, session, store
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


def _run(snap: tuple, name: str, scope_text: str, params: tuple) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        with store.reader(snap[0], snapshot=snap) as con:
            return queries.run(con, name, _scope(scope_text), **dict(params))
    # A shallow copy: with pandas copy-on-write, a caller changing its frame never
    # changes the one other sessions get.
    return memo.get(("run", snap, name, scope_text, params), compute).copy(deep=False)


def fetch(name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
    """queries.run through the cache; the catalog's `fetch`."""
    if scope is not None:
        session.narrow(scope)
    return _run(snapshot(), name, _scope_text(scope), tuple(sorted(params.items())))


def _summary(snap: tuple, scope_text: str, fy: int) -> dict:
    def compute() -> dict:
        with store.reader(snap[0], snapshot=snap) as con:
            return metrics.summary(con, _scope(scope_text), fy)
    return dict(memo.get(("summary", snap, scope_text, fy), compute))


def summary(scope: Scope, fy: int) -> dict:
    """The `summary --json` object: the KPI cards show exactly these numbers."""
    session.narrow(scope)
    return _summary(snapshot(), str(scope), fy)


def data_status(scope: Scope | None = None) -> dict:
    """metrics/data_status (demo flag, batches, latest year). data_as_of is the scope's own
    (metrics/data_as_of), given only with a scope: the newest import anywhere would tell a
    municipality when other organizations imported."""
    status = fetch("metrics/data_status").iloc[0].to_dict()
    if scope is not None:
        status["data_as_of"] = fetch("metrics/data_as_of", scope).iloc[0]["data_as_of"]
    return status


def years(scope: Scope) -> list[int]:
    return [int(y) for y in fetch("metrics/years", scope)["fiscal_year"]]


def year_rows(scope: Scope) -> pd.DataFrame:
    """metrics/years: fiscal_year, pairs_matched, pairs_projected (the year picker's options)."""
    return fetch("metrics/years", scope)


def _over_baseline(snap: tuple, scope_text: str, fy: int, lang: str, unit: str) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        from dashboard.charts import tables
        scope = _scope(scope_text)
        df = _run(snap, "pages/org_table", scope_text, (("fy", fy),))
        return tables.over_baseline(df, lang=lang, unit=unit, with_prefecture=scope.kind == "national")
    return memo.get(("over_baseline", snap, scope_text, fy, lang, unit), compute).copy(deep=False)


def over_baseline(scope: Scope, fy: int, lang: str, unit: str) -> pd.DataFrame:
    """The ranked "who is worse off" table (charts.tables.over_baseline): built once per
    snapshot, scope, year, language and unit for every session (it cost a national page view
    about a quarter of its server time when each session built its own)."""
    session.narrow(scope)
    return _over_baseline(snapshot(), str(scope), fy, lang, unit)


def _spec(snap: tuple, scope_text: str, fy: int, lang: str, unit: str, key: str) -> catalog.ChartSpec:
    # Shared as is (a Plotly figure would be rebuilt on every unpickle): specs are never
    # mutated by the pages; exports stamp a copy. The catalog reads the same snapshot, so
    # a spec never mixes two.
    def compute() -> catalog.ChartSpec:
        def fetch_here(name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
            return _run(snap, name, _scope_text(scope), tuple(sorted(params.items())))
        spec = catalog.chart_specs(None, Scope.parse(scope_text), fy, lang, unit, [key],
                                   fetch=fetch_here)[0]
        spec.figure = SharedFigure(spec.figure)
        return spec
    return memo.get(("spec", snap, scope_text, fy, lang, unit, key), compute)


class SharedFigure(go.Figure):
    """A cached spec's figure, shown by many sessions: st.plotly_chart calls to_dict(),
    which deep-copies every trace, on each view; here that dict is made once. The figure
    is never changed after it is cached (exports stamp a copy)."""

    def to_dict(self) -> dict:
        cached = getattr(self, "_sanwari_dict", None)
        if cached is None:
            cached = super().to_dict()
            self._sanwari_dict = cached
        return cached


def spec(scope: Scope, fy: int, lang: str, unit: str, key: str) -> catalog.ChartSpec:
    session.narrow(scope)
    return _spec(snapshot(), str(scope), fy, lang, unit, key)


def prewarm(charts: tuple[str, ...], languages=("ja", "en"), units: tuple[str, ...] | None = None) -> int:
    """Fill the shared cache with what the national page needs for its default year: its
    queries and `charts` (run by `python -m dashboard serve` before the server takes its
    first session, so the first visitor does not pay for building them). Returns the
    number of chart specs built."""
    from dashboard import fiscal, i18n
    snap = store.snapshot_id(database_path())
    national = str(Scope())
    _run(snap, "metrics/data_status", "-", ())
    fy = fiscal.default_year(_run(snap, "metrics/years", national, ()))
    if fy is None:
        return 0
    # The year the national page opens on (fiscal.default_year, as common.year_picker)
    _summary(snap, national, fy)
    _run(snap, "pages/delayed_summary", national, (("fy", fy),))
    built = 0
    for lang in languages:
        for unit in units or (i18n.DEFAULT_UNIT,):
            _over_baseline(snap, national, fy, lang, unit)
            for key in charts:
                _spec(snap, national, fy, lang, unit, key)
                built += 1
    return built
