"""The one object every scoped page works from: scope, year, language, unit and summary.

`common.open_scope` makes it once per run; chart blocks, tables and the per-chart downloads
take everything from it. In particular the download stamp: `stamp` carries the unit the page
shows (a 億円 page stamps 億円), the scope and year of the page, and the basis of the same
summary the KPI cards show.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from dashboard import views
from dashboard.export.stamp import ExportMeta
from dashboard.scope import Scope


@dataclass(frozen=True)
class PageContext:
    scope: Scope
    fy: int
    lang: str
    unit: str
    summary: dict       # views.summary(scope, fy): the `summary --json` object

    @cached_property
    def stamp(self) -> ExportMeta:
        """The stamp of every chart exported from this page (made once per page run)."""
        return ExportMeta.of(self.scope, self.fy, self.lang, self.unit, self.summary["basis"],
                             views.data_status(self.scope))

    def key(self, name: str) -> str:
        """A widget or file key unique to this view."""
        return f"{name}_{self.scope}_{self.fy}"
