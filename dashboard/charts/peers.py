"""One organization against its peer group: rounded, kernel-interpolated quartiles only.

Which groups may be published and how each statistic is made (k >= 5 reporting members,
dominance <= 50%, no raw order statistic, 3 significant figures) is decided in
queries/pages/peer_stats.sql; this module only draws what that query published and never
shows how many members the group has."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import labels, style
from dashboard.charts.labels import tr
from dashboard.config import PEER_MIN_MEMBERS


def _shown(df: pd.DataFrame) -> bool:
    return len(df) == 1 and bool(df["published"].iloc[0]) and df["ratio_median"].notna().iloc[0]


def _empty(df: pd.DataFrame, lang: str) -> str:
    if df.empty:
        return tr("この団体には比較できる類似団体区分または数値がありません。",
                  "This organization has no peer group or no comparable figures.", lang)
    return tr(f"類似団体の統計は公表の条件（今年度報告した {PEER_MIN_MEMBERS} 団体以上、1団体が合計の半分以下）"
              "を満たさないため、比較は表示しません。",
              f"The peer group does not meet the publication rules (at least {PEER_MIN_MEMBERS} members "
              "reporting this year, none above half of the total), so no comparison is shown.", lang)


def figure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/peer_stats for one organization."""
    if not _shown(df):
        return style.empty(_empty(df, lang))
    r = df.iloc[0]
    fig = make_subplots(rows=1, cols=2, subplot_titles=(
        tr("倍率（対象年度 ÷ 基準）", "Ratio (chosen year ÷ baseline)", lang),
        tr("住民1人当たり経費（円）", "Cost per resident (yen)", lang)))
    group = labels.peer(r["peer_group"], lang)
    for col, (q1, med, q3, own, fmt) in enumerate((
            ("ratio_q1", "ratio_median", "ratio_q3", "ratio", ".2f"),
            ("per_capita_q1", "per_capita_median", "per_capita_q3", "per_capita_yen", ",.0f")), start=1):
        fig.add_trace(go.Bar(
            x=[group], y=[r[q3] - r[q1]], base=[r[q1]], width=0.4, meta=f"peer_iqr:{own}",
            # a pale grey band with a 3:1 edge (the band is an area; its outline is the mark),
            # well apart from the blue median and the vermillion diamond of the organization
            marker={"color": "rgba(110,110,110,0.25)", "line": {"color": style.OKABE_ITO["grey"], "width": 2}},
            name=tr("類似団体の四分位範囲", "Peer inter-quartile range", lang), showlegend=col == 1,
            hovertemplate=tr("第1四分位", "Q1", lang) + f": {r[q1]:{fmt}}<br>"
                          + tr("第3四分位", "Q3", lang) + f": {r[q3]:{fmt}}<extra></extra>"), row=1, col=col)
        fig.add_trace(go.Scatter(
            x=[group], y=[r[med]], mode="markers", meta=f"peer_median:{own}",
            marker={"symbol": "line-ew-open", "size": 40, "color": style.OKABE_ITO["blue"], "line": {"width": 3}},
            name=tr("類似団体の中央値", "Peer median", lang), showlegend=col == 1,
            hovertemplate=tr("中央値", "Median", lang) + f": {r[med]:{fmt}}<extra></extra>"), row=1, col=col)
        fig.add_trace(go.Scatter(
            x=[group], y=[r[own]], mode="markers", meta=f"own:{own}",
            marker={"symbol": "diamond", "size": 14, "color": style.OKABE_ITO["vermillion"]},
            name=tr("この団体", "This organization", lang), showlegend=col == 1,
            hovertemplate=tr("この団体", "This organization", lang) + f": {r[own]:{fmt}}<extra></extra>"),
            row=1, col=col)
    fig.add_hline(y=1.0, line={"dash": "dash", "color": style.OKABE_ITO["grey"]}, row=1, col=1)
    fig.add_hline(y=0.7, line={"dash": "dashdot", "color": style.TARGET_COLOUR}, row=1, col=1)
    fig.update_yaxes(rangemode="tozero")
    fig = style.layout(fig, height=400)
    # The subplot titles take the top edge, so the legend goes below the axes (never over them).
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0},
                      margin={"b": 90})
    return fig


def reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if not _shown(df):
        return _empty(df, lang)
    r = df.iloc[0]
    position = ("上位（低い側）の四分位" if r["ratio"] <= r["ratio_q1"] else
                "下位（高い側）の四分位" if r["ratio"] >= r["ratio_q3"] else "中位")
    if lang == "ja":
        return (f"この団体の倍率 {r['ratio']:.2f} 倍は、類似団体（{r['peer_group']}）"
                f"の中央値 {r['ratio_median']:.3g} 倍に対して{position}にあります。")
    where = ("in the lowest quarter" if r["ratio"] <= r["ratio_q1"] else
             "in the highest quarter" if r["ratio"] >= r["ratio_q3"] else "in the middle half")
    return (f"This organization's ratio of {r['ratio']:.2f} is {where} of its peer group "
            f"({labels.peer(r['peer_group'], 'en')}; median {r['ratio_median']:.3g}).")


def table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    if not _shown(df):
        return pd.DataFrame()
    r = df.iloc[0]
    index = [tr("倍率", "Ratio", lang), tr("住民1人当たり経費（円）", "Cost per resident (yen)", lang)]
    return pd.DataFrame({
        tr("指標", "Measure", lang): index,
        tr("この団体", "This organization", lang): [r["ratio"], r["per_capita_yen"]],
        tr("類似団体 第1四分位", "Peers Q1", lang): [r["ratio_q1"], r["per_capita_q1"]],
        tr("類似団体 中央値", "Peers median", lang): [r["ratio_median"], r["per_capita_median"]],
        tr("類似団体 第3四分位", "Peers Q3", lang): [r["ratio_q3"], r["per_capita_q3"]],
    })
