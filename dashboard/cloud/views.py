"""The cloud figures for the app, cached per database snapshot and narrowed scope
(like dashboard/views.py: every scope passes session.narrow() before any cache lookup)."""
from __future__ import annotations

from dashboard import memo, session, store, views
from dashboard.cloud import report
from dashboard.scope import Scope


def years(scope: Scope) -> list[int]:
    session.narrow(scope)
    snap = views.snapshot()

    def compute():
        with store.reader(snap[0], snapshot=snap) as con:
            return report.years(con, scope)
    return memo.get(("cloud_years", snap, str(scope)), compute)


def figures(scope: Scope, fy: int) -> dict:
    """Read-only values shared by every session (dashboard.memo); the hour in the key only
    renews the running year's forecast as time passes."""
    session.narrow(scope)
    snap = views.snapshot()
    hour = store.now_utc().strftime("%Y-%m-%d %H")

    def compute():
        with store.reader(snap[0], snapshot=snap) as con:
            return report.figures(con, scope, fy, store.now_utc())
    return memo.get(("cloud_figures", snap, str(scope), fy, hour), compute)


def chart_specs(scope: Scope, fy: int, lang: str, unit: str) -> list:
    """The page's ChartSpecs, built once per snapshot, scope, year, language and unit (a
    Plotly figure costs more to build than the page takes to send)."""
    from dashboard.cloud import specs
    session.narrow(scope)
    snap = views.snapshot()
    hour = store.now_utc().strftime("%Y-%m-%d %H")
    return memo.get(("cloud_specs", snap, str(scope), fy, lang, unit, hour),
                    lambda: specs.build(figures(scope, fy), fy, lang, unit, scope.kind))
