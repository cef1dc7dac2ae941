"""The chart catalog: every chart of the national, prefecture and organization views, built
from the page queries with no Streamlit inside. Pages and exports both use it, so that the
chart-building code exists once.

    with store.reader(db) as con:
        for spec in chart_specs(con, Scope.parse("pref:35"), 2026, lang="en"):
            spec.figure.write_image(...); spec.table.to_csv(...)

`fetch` lets a caller supply its own query runner with the signature
`fetch(name, scope, **params) -> DataFrame` (the app passes a cached one).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n, queries
from dashboard.charts import (bars, distribution, drivers, factors, gc_joint, japan_map, peers,
                              percapita, status, tables, trajectory, waterfall)
from dashboard.charts import events as event_marks
from dashboard.charts import scenario_specs
from dashboard.scope import Scope

Fetch = Callable[..., pd.DataFrame]


@dataclass
class ChartSpec:
    key: str
    title: str                      # in the chosen language
    figure: go.Figure
    reading: str                    # one plain-language sentence
    table: pd.DataFrame             # the table behind the chart, values in the chosen unit
    empty: bool = False             # True when the scope/year has nothing to draw


# The pack and the export page offer "top_drivers" (readable on a projected slide); the full
# drivers × operations matrix ("driver_system") stays on the factor page, in an expander.
CATALOG_KEYS: dict[str, tuple[str, ...]] = {
    "national": ("trajectory", "trajectory_stacked", "map", "distribution_kind", "distribution_peer",
                 "by_system", "by_item", "migration", "top_drivers", "factor_measure",
                 "measure_by_year", "waterfall") + scenario_specs.KEYS,
    "pref": ("trajectory", "trajectory_stacked", "by_system", "by_item", "municipalities",
             "own_systems", "gc_joint", "distribution_kind", "migration", "top_drivers",
             "factor_measure", "measure_by_year", "waterfall") + scenario_specs.KEYS,
    "org": ("trajectory", "trajectory_stacked", "by_system", "by_item", "migration", "peers",
            "top_drivers", "factor_measure", "measure_by_year", "waterfall") + scenario_specs.KEYS,
}

TITLES = {
    "trajectory": ("運用経費の推移（平成30年度〜令和12年度）", "Operating costs FY2018–FY2030"),
    "trajectory_stacked": ("費目別の運用経費の推移", "Operating costs by cost item"),
    "map": ("都道府県別の基準年度比", "Change against FY2018 by prefecture"),
    "distribution_kind": ("団体の倍率の分布（団体区分別）", "Organization ratios by kind"),
    "distribution_peer": ("団体の倍率の分布（類似団体区分別）", "Organization ratios by peer group"),
    "by_system": ("業務別の基準年度比", "Change by operation"),
    "by_item": ("費目別の基準と対象年度", "Baseline and chosen year by cost item"),
    "waterfall": ("増減要因の内訳（基準 → 対象年度）", "From baseline to the chosen year, by driver"),
    "migration": ("業務別の移行状況（特定移行支援システム）", "Migration status by operation (delayed systems)"),
    "municipalities": ("住民1人当たり基準経費と倍率（市区町村）", "Cost per resident and ratio (municipalities)"),
    "own_systems": ("都道府県が自ら運用する業務（生活保護・児童扶養手当）",
                    "Systems the prefecture runs itself (public assistance, child-rearing allowance)"),
    "gc_joint": ("市区町村のGC接続回線費・運用管理補助委託費（共同調達の対象）",
                 "Municipalities' GC connection-line and operations-support costs (joint procurement)"),
    "peers": ("類似団体との比較", "Comparison with peer organizations"),
    "driver_system": ("要因・対策 × 業務", "Drivers × operations"),
    "top_drivers": ("主な増加要因（上位8要因）", "Main drivers of the increase (top 8 factors)"),
    "factor_measure": ("要因と対策の対応表（金額）", "Factors and the countermeasures that answer them"),
    "measure_by_year": ("年度別の対策効果", "Countermeasure savings by year"),
    **scenario_specs.TITLES,
}


@dataclass
class Context:
    fetch: Fetch
    scope: Scope
    fy: int
    lang: str
    unit: str
    _memo: dict = field(default_factory=dict)

    def q(self, name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        """Run a query once per catalog call (several charts share kpi, org_table, ...)."""
        scope = scope or self.scope
        needed = queries.parameters(name)
        if "fy" in needed:
            params.setdefault("fy", self.fy)
        key = (name, str(scope), tuple(sorted(params.items())))
        if key not in self._memo:
            self._memo[key] = self.fetch(name, scope, **params)
        return self._memo[key]

    @property
    def kw(self) -> dict:
        return {"lang": self.lang, "unit": self.unit}

    def spec(self, key: str, figure: go.Figure, reading: str, table: pd.DataFrame,
             empty: bool = False) -> ChartSpec:
        ja, en = TITLES[key]
        return ChartSpec(key, ja if self.lang == "ja" else en, figure, reading, table, empty)


def _trajectory(c: Context, stacked: bool) -> ChartSpec:
    df = c.q("pages/trajectory")
    items = c.q("pages/trajectory_items") if stacked else None
    figure = trajectory.figure(df, fy=c.fy, items=items, stacked=stacked, **c.kw)
    if not df.empty:
        event_marks.add_markers(figure, c.q("timeline/events"), c.lang)
    return c.spec("trajectory_stacked" if stacked else "trajectory", figure,
                  trajectory.reading(df, fy=c.fy, **c.kw), trajectory.table(df, **c.kw), df.empty)


def waterfall_steps(c: Context) -> pd.DataFrame:
    kpi = c.q("metrics/kpi").iloc[0]
    return waterfall.steps(kpi, c.q("metrics/by_driver"))


def _waterfall(c: Context) -> ChartSpec:
    st = waterfall_steps(c)
    return c.spec("waterfall", waterfall.figure(st, fy=c.fy, **c.kw), waterfall.reading(st, **c.kw),
                  waterfall.table(st, **c.kw), int(st["amount_yen"].iloc[0]) == 0)


def _simple(key, query, module_fig, module_reading, module_table, **extra) -> Callable[[Context], ChartSpec]:
    def build(c: Context) -> ChartSpec:
        df = c.q(query)
        return c.spec(key, module_fig(df, **extra, **c.kw), module_reading(df, **extra, **c.kw),
                      module_table(df, **extra, **c.kw), df.empty)
    return build


def _migration(c: Context) -> ChartSpec:
    df = c.q("pages/status_by_system")
    summary = c.q("pages/delayed_summary").iloc[0].to_dict()
    return c.spec("migration", status.figure(df, **c.kw), status.reading(df, summary, **c.kw),
                  status.table(df, **c.kw), df.empty)


def _municipalities(c: Context) -> ChartSpec:
    df = c.q("pages/org_table")
    return c.spec("municipalities", percapita.figure(df, **c.kw), percapita.reading(df, **c.kw),
                  tables.organizations(df, municipalities_only=True, **c.kw), df["ratio"].isna().all())


def _own_systems(c: Context) -> ChartSpec:
    df = c.q("pages/own_systems")
    return c.spec("own_systems", bars.own_systems(df, **c.kw), bars.own_systems_reading(df, fy=c.fy, **c.kw),
                  bars.own_systems_table(df, **c.kw), df.empty)


def _gc_joint(c: Context) -> ChartSpec:
    df = c.q("pages/gc_joint")
    return c.spec("gc_joint", gc_joint.figure(df, **c.kw), gc_joint.reading(df, fy=c.fy, **c.kw),
                  gc_joint.table(df, **c.kw), df.empty)


def _measure_by_year(c: Context) -> ChartSpec:
    df = c.q("pages/measure_by_year")
    return c.spec("measure_by_year", factors.measure_by_year(df, **c.kw),
                  factors.measure_by_year_reading(df, fy=c.fy, **c.kw),
                  factors.measure_by_year_table(df, **c.kw), df.empty)


def _top_drivers(c: Context) -> ChartSpec:
    df = c.q("metrics/by_driver")          # every driver, zero where nothing is attributed
    return c.spec("top_drivers", drivers.figure(df, **c.kw), drivers.reading(df, **c.kw),
                  drivers.table(df, **c.kw), drivers.top(df).empty)


BUILDERS: dict[str, Callable[[Context], ChartSpec]] = {
    "trajectory": lambda c: _trajectory(c, stacked=False),
    "trajectory_stacked": lambda c: _trajectory(c, stacked=True),
    "map": _simple("map", "pages/pref_map", japan_map.figure, japan_map.reading, japan_map.table),
    "distribution_kind": _simple("distribution_kind", "pages/org_table", distribution.figure,
                                 distribution.reading, distribution.table, by="kind"),
    "distribution_peer": _simple("distribution_peer", "pages/org_table", distribution.figure,
                                 distribution.reading, distribution.table, by="peer_group"),
    "by_system": _simple("by_system", "metrics/by_system", bars.by_system, bars.by_system_reading,
                         bars.by_system_table),
    "by_item": _simple("by_item", "pages/by_item", bars.by_item, bars.by_item_reading, bars.by_item_table),
    "waterfall": _waterfall,
    "migration": _migration,
    "municipalities": _municipalities,
    "own_systems": _own_systems,
    "gc_joint": _gc_joint,
    "peers": _simple("peers", "pages/peer_stats", peers.figure, peers.reading, peers.table),
    "driver_system": _simple("driver_system", "pages/driver_system", factors.driver_system,
                             factors.driver_system_reading, factors.driver_system_table),
    "top_drivers": _top_drivers,
    "factor_measure": _simple("factor_measure", "pages/factor_measure", factors.factor_measure,
                              factors.factor_measure_reading, factors.factor_measure_table),
    "measure_by_year": _measure_by_year,
    **scenario_specs.BUILDERS,
}


def runner(con: duckdb.DuckDBPyConnection) -> Fetch:
    def fetch(name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        return queries.run(con, name, scope, **params)
    return fetch


def chart_specs(con: duckdb.DuckDBPyConnection | None, scope: Scope, fy: int, lang: str = "ja",
                unit: str = "hyakuman", keys: list[str] | tuple[str, ...] | None = None,
                fetch: Fetch | None = None) -> list[ChartSpec]:
    """Build the charts of a scope and year. keys: a subset of CATALOG_KEYS[scope.kind] (or any
    key of BUILDERS); None = all of the scope kind's keys, in catalog order."""
    if lang not in ("ja", "en"):
        raise ValueError(f"lang must be ja or en, not {lang!r}")
    if unit not in i18n.UNITS:
        raise ValueError(f"unit must be one of {sorted(i18n.UNITS)}, not {unit!r}")
    keys = CATALOG_KEYS[scope.kind] if keys is None else tuple(keys)
    unknown = [k for k in keys if k not in BUILDERS]
    if unknown:
        raise KeyError(f"unknown chart keys {unknown}; known: {sorted(BUILDERS)}")
    context = Context(fetch or runner(con), scope, fy, lang, unit)
    return [BUILDERS[k](context) for k in keys]
