"""Trajectory FY2018–FY2030: actual solid, estimates dashed, baseline, -30% target, FY2025 deadline."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr
from dashboard.config import DEADLINE_FY, FIRST_FY, LAST_FY


def _reference_row(df: pd.DataFrame, fy: int | None) -> pd.Series:
    """The row of the chosen year (its baseline is the one the KPIs use), else the latest."""
    rows = df[df["fiscal_year"] == fy] if fy is not None else df.iloc[0:0]
    return (rows if len(rows) else df).iloc[-1]


def _reference_lines(fig: go.Figure, ref: pd.Series, lang: str, unit: str) -> None:
    years = [FIRST_FY - 0.5, LAST_FY + 0.5]
    for key, yen, dash, colour, name in (
            ("baseline", ref["baseline_yen"], "dot", style.OKABE_ITO["grey"],
             tr("基準（平成30年度）", "Baseline (FY2018)", lang)),
            ("target", ref["target_yen"], "dashdot", style.TARGET_COLOUR,
             tr("目標（基準比 -30%）", "Target (-30% from baseline)", lang))):
        value = i18n.in_unit(int(yen), unit)
        fig.add_trace(go.Scatter(
            x=years, y=[value, value], mode="lines", name=name, meta=key,
            line={"dash": dash, "color": colour, "width": 2},
            hovertemplate=f"{name}: {style.hover_money(unit, lang)}<extra></extra>"))
    fig.add_vline(x=DEADLINE_FY + 0.5, line={"dash": "dash", "color": style.OKABE_ITO["vermillion"]},
                  annotation_text=tr("移行期限（令和7年度末）", "Migration deadline (end FY2025)", lang),
                  annotation_position="top left")


def _line(df: pd.DataFrame, lang: str, unit: str, name: str, dash: str, key: str) -> go.Scatter:
    labels = [i18n.fiscal_year(int(y), lang) for y in df["fiscal_year"]]
    return go.Scatter(
        x=df["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in df["current_yen"]],
        mode="lines+markers", name=name, meta=key, customdata=labels,
        line={"dash": dash, "color": style.OKABE_ITO["blue"], "width": 3},
        marker={"symbol": "circle" if key == "actual" else "diamond-open", "size": 8},
        hovertemplate=f"%{{customdata}}<br>{name}: {style.hover_money(unit, lang)}<extra></extra>")


def figure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman", fy: int | None = None,
           items: pd.DataFrame | None = None, stacked: bool = False) -> go.Figure:
    """df: pages/trajectory; items: pages/trajectory_items (for stacked=True)."""
    if df.empty:
        return style.empty(style.no_data(lang))
    fig = go.Figure()
    if stacked and items is not None and not items.empty:
        _stacked_bars(fig, df, items, lang, unit)
    else:
        actual = df[df["basis"] == "actual"]
        projected = df[df["basis"] == "projected"]
        if len(actual):
            fig.add_trace(_line(actual, lang, unit, tr("実績", "Actual", lang), "solid", "actual"))
        if len(projected):
            # start the dashed part at the last actual year so the line is continuous
            joined = pd.concat([actual.tail(1), projected])
            fig.add_trace(_line(joined, lang, unit, tr("見込（予算・見積）", "Projected (budget/estimate)",
                                                       lang), "dash", "projected"))
    _reference_lines(fig, _reference_row(df, fy), lang, unit)
    style.year_axis(fig, range(FIRST_FY, LAST_FY + 1), lang, range=[FIRST_FY - 0.6, LAST_FY + 0.6])
    fig.update_yaxes(title=style.money_axis_title(unit, lang), rangemode="tozero",
                     tickformat=",")
    if stacked:
        fig.update_layout(barmode="stack")
    return style.layout(fig, height=440)


def _stacked_bars(fig, df, items, lang, unit) -> None:
    projected_years = set(df.loc[df["basis"] == "projected", "fiscal_year"].astype(int))
    for key, part in items.sort_values(["sort_order", "fiscal_year"]).groupby("item_key", sort=False):
        first = part.iloc[0]
        name = first["short_name_ja"] if lang == "ja" else first["name_en"]
        if first["new_after_migration"]:
            name += tr("（新規）", " (new)", lang)
        years = part["fiscal_year"].astype(int)
        look = style.series_style(int(first["sort_order"]) - 1)   # colour and pattern per item
        fig.add_trace(go.Bar(
            x=years, y=[i18n.in_unit(int(v), unit) for v in part["current_yen"]], name=name,
            meta=f"item:{key}",
            marker={"color": look["color"], "line": style.BAR_OUTLINE,
                    "opacity": [0.55 if y in projected_years else 1.0 for y in years],
                    "pattern": {"shape": look["pattern"]}},
            customdata=[i18n.fiscal_year(y, lang) for y in years],
            hovertemplate=f"%{{customdata}}<br>{name}: {style.hover_money(unit, lang)}<extra></extra>"))
    if projected_years:   # the projected years are named on the chart, not told by paleness alone
        fig.add_vrect(x0=min(projected_years) - 0.5, x1=max(projected_years) + 0.5, fillcolor="#1F2933",
                      opacity=0.05, line_width=0, layer="below",
                      annotation_text=tr("見込（予算・見積）", "Projected (budget/estimate)", lang),
                      annotation_position="top left", annotation_font={"size": 11, "color": "#1F2933"})
    fig.add_annotation(text=tr("薄い棒・網掛けの帯は見込（予算・見積）、（新規）は移行後の新たな経費",
                               "Pale bars, shaded band: projected; (new): new costs after migration", lang),
                       xref="paper", yref="paper", x=0, y=-0.22, showarrow=False, font={"size": 11})


def reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman", fy: int | None = None) -> str:
    if df.empty:
        return style.no_data(lang)
    ref = _reference_row(df, fy)
    year = int(ref["fiscal_year"])
    rate = style.change_rate(int(ref["baseline_yen"]), int(ref["current_yen"]))
    gap = int(ref["current_yen"]) - int(ref["target_yen"])
    basis = i18n.BASIS[ref["basis"]][lang]
    peak = df.loc[df["current_yen"].idxmax()]
    if lang == "ja":
        tail = (f"目標まであと {i18n.money(gap, unit)} の削減が必要です。" if gap > 0
                else "目標の -30% を達成しています。")
        return (f"{i18n.fiscal_year(year)}の{basis}は基準年度比 {style.pct(rate)} で、"
                f"ピークは{i18n.fiscal_year(int(peak['fiscal_year']))}です。{tail}")
    tail = (f"{i18n.money(gap, unit, 'en')} still has to be cut to reach -30%." if gap > 0
            else "The -30% target is reached.")
    return (f"In {i18n.fiscal_year(year, 'en')} ({basis}) costs are {style.pct(rate)} against "
            f"FY2018, peaking in {i18n.fiscal_year(int(peak['fiscal_year']), 'en')}; {tail}")


def table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("年度", "Fiscal year", lang): [i18n.fiscal_year(int(y), lang) for y in df["fiscal_year"]],
        tr("区分", "Basis", lang): [i18n.BASIS[b][lang] for b in df["basis"]],
        tr(f"基準 ({u})", f"Baseline ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["baseline_yen"]],
        tr(f"対象年度 ({u})", f"Cost ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["current_yen"]],
        tr(f"目標 ({u})", f"Target ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["target_yen"]],
        tr("基準比", "Change", lang): [style.change_rate(int(b), int(c))
                                      for b, c in zip(df["baseline_yen"], df["current_yen"])],
        tr("比較できた組", "Matched pairs", lang): df["pairs_matched"].astype(int).to_list(),
    })
