"""Charts of the estimate review. Pure: DataFrame → Figure (no queries, no Streamlit).

- `peer_position`: per cost item, where the estimate's annual amount per resident falls
  among the peers' quartiles and 90th percentile (aggregates of ≥ 5 organizations only:
  a row with no peer values is left out).
- `vs_baseline`: per cost item, the annualised estimate beside the FY2018 baseline, with
  the −30% target of the total in the title.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr


def peer_position(df: pd.DataFrame, *, lang: str = "ja") -> go.Figure:
    """df: item label, own_yen (per resident), p25, p50, p75, p90 (yen per resident; None
    where the peer group's figures are not published)."""
    shown = df.dropna(subset=["p25", "p50", "p75", "p90"]) if len(df) else df
    if shown.empty:
        return style.empty(tr("公表できる類似団体の集計値（5団体以上）がありません。",
                              "No publishable peer figures (groups of at least 5).", lang))
    y = shown["label"].tolist()
    fig = go.Figure()
    fig.add_trace(go.Bar(y=y, x=shown["p75"] - shown["p25"], base=shown["p25"], orientation="h",
                         marker={"color": style.OKABE_ITO["sky"], "opacity": 0.5}, meta="peer_iqr",
                         name=tr("類似団体の四分位範囲", "Peer inter-quartile range", lang),
                         hovertemplate="%{base:,.0f}–%{customdata:,.0f}<extra></extra>",
                         customdata=shown["p75"]))
    fig.add_trace(go.Scatter(y=y, x=shown["p50"], mode="markers", meta="peer_median",
                             marker={"symbol": "line-ns-open", "size": 18, "color": style.OKABE_ITO["blue"],
                                     "line": {"width": 3}},
                             name=tr("中央値", "Median", lang)))
    fig.add_trace(go.Scatter(y=y, x=shown["p90"], mode="markers", meta="peer_p90",
                             marker={"symbol": "triangle-left", "size": 12, "color": style.OKABE_ITO["grey"]},
                             name=tr("90パーセンタイル", "90th percentile", lang)))
    fig.add_trace(go.Scatter(y=y, x=shown["own_yen"], mode="markers", meta="own",
                             marker={"symbol": "diamond", "size": 14, "color": style.OKABE_ITO["vermillion"]},
                             name=tr("この見積", "This estimate", lang)))
    fig.update_xaxes(title=tr("住民1人当たり年額（円）", "Annual yen per resident", lang), rangemode="tozero")
    return style.layout(fig, height=max(260, 70 * len(y) + 120))


def vs_baseline(df: pd.DataFrame, target_yen: int | None, *, lang: str = "ja",
                unit: str = i18n.DEFAULT_UNIT) -> go.Figure:
    """df: label, annual_yen (the estimate), baseline_yen (FY2018 actual, may be NaN),
    target_yen (baseline × 0.7 per item, optional)."""
    if df.empty or (df["annual_yen"].fillna(0).sum() == 0 and df["baseline_yen"].fillna(0).sum() == 0):
        return style.empty(tr("表示する金額がありません。", "No amounts to show.", lang))
    div = i18n.UNITS[unit][0]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=df["label"], y=df["baseline_yen"] / div, meta="baseline",
                         name=tr("平成30年度（2018）実績", "FY2018 actual", lang),
                         marker={"color": style.OKABE_ITO["grey"]}))
    fig.add_trace(go.Bar(x=df["label"], y=df["annual_yen"] / div, meta="estimate",
                         name=tr("見積（年額換算）", "Estimate (annualised)", lang),
                         marker={"color": style.OKABE_ITO["vermillion"]}))
    if "target_yen" in df and df["target_yen"].notna().any():
        fig.add_trace(go.Scatter(x=df["label"], y=df["target_yen"] / div, mode="markers", meta="target",
                                 name=tr("−30%目標（基準×0.7）", "−30% target (baseline × 0.7)", lang),
                                 marker={"symbol": "line-ew-open", "size": 30, "color": style.TARGET_COLOUR,
                                         "line": {"width": 3}}))
    title = None
    if target_yen is not None:
        title = tr(f"−30%目標（合計）: {i18n.money(target_yen, unit, lang)}",
                   f"−30% target (total): {i18n.money(target_yen, unit, lang)}", lang)
    fig.update_layout(barmode="group", title={"text": title, "font": {"size": 13}} if title else None)
    fig.update_yaxes(title=style.money_axis_title(unit, lang))
    return style.layout(fig, height=420)
