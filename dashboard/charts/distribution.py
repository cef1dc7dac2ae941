"""Distribution of organization ratios (current ÷ baseline) by kind or peer group, lines at 1.0 and 0.7."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import labels, style
from dashboard.charts.labels import tr


def _groups(df: pd.DataFrame, by: str) -> list[str]:
    order = labels.KIND_ORDER if by == "kind" else labels.PEER_ORDER
    present = set(df[by].dropna())
    return [g for g in order if g in present]


def _label(group: str, by: str, lang: str) -> str:
    return labels.kind(group, lang) if by == "kind" else labels.peer(group, lang)


def _rated(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["ratio"].notna()]


def figure(df: pd.DataFrame, *, by: str = "kind", lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/org_table."""
    rated = _rated(df)
    if rated.empty:
        return style.empty(style.no_data(lang))
    fig = go.Figure()
    # The boxes are sent as their statistics (quartiles and 1.5 IQR fences, the same
    # quartiles as the table) plus the outlying organizations only: with every
    # organization's ratio in the figure, each chart was ~65 KB that every visitor's
    # browser had to parse and summarise again.
    for i, group in enumerate(_groups(rated, by)):
        part = rated[rated[by] == group]
        box = _box(part["ratio"].astype(float))
        name = _label(group, by, lang)
        colour = style.SEQUENCE[i % len(style.SEQUENCE)]
        # Horizontal boxes: group names read across, never run together or rotate.
        fig.add_trace(go.Box(
            y=[name], name=name, q1=[box["q1"]], median=[box["median"]], q3=[box["q3"]],
            lowerfence=[box["low"]], upperfence=[box["high"]], boxpoints=False, orientation="h",
            marker={"color": colour}, line={"color": colour}, showlegend=False))
        outside = part[(part["ratio"] < box["low"]) | (part["ratio"] > box["high"])]
        if not outside.empty:
            fig.add_trace(go.Scatter(
                y=[name] * len(outside), x=outside["ratio"].astype(float).round(4), mode="markers",
                text=outside["name"], name=f"{name} ",
                marker={"color": colour, "size": 5, "symbol": style.SYMBOLS[i % len(style.SYMBOLS)]},
                hovertemplate="%{text}: %{x:.2f}<extra></extra>", showlegend=False))
    # The two reference lines are labelled on opposite sides so their labels cannot meet.
    for x, colour, text, where in (
            (1.0, style.OKABE_ITO["grey"], tr("1.0 = 基準年度", "1.0 = FY2018", lang), "top right"),
            (0.7, style.TARGET_COLOUR, tr("0.7 = 目標 (−30%)", "0.7 = target (−30%)", lang), "bottom right")):
        fig.add_vline(x=x, line={"dash": "dash" if x == 1.0 else "dashdot", "color": colour},
                      annotation_text=text, annotation_position=where)
    fig.update_xaxes(title=tr("対象年度 ÷ 基準（倍）", "Chosen year ÷ baseline", lang), rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    n = len([t for t in fig.data if t.type == "box"])
    fig = style.layout(fig, height=max(300, 38 * n + 150), legend=False)
    fig.update_layout(margin={"t": 40, "b": 70})
    return fig


def _box(ratios: pd.Series) -> dict:
    """Quartiles (pandas' linear interpolation, as in the table) and Tukey's fences: the
    most extreme ratios within 1.5 IQR of the box."""
    q1, median, q3 = (float(ratios.quantile(q)) for q in (0.25, 0.5, 0.75))
    iqr = q3 - q1
    inside = ratios[(ratios >= q1 - 1.5 * iqr) & (ratios <= q3 + 1.5 * iqr)]
    return {"q1": q1, "median": median, "q3": q3, "low": float(inside.min()), "high": float(inside.max())}


def reading(df: pd.DataFrame, *, by: str = "kind", lang: str = "ja", unit: str = "hyakuman") -> str:
    rated = _rated(df)
    if rated.empty:
        return style.no_data(lang)
    stats = _stats(df, by, "en")
    worst = stats.sort_values("Median", ascending=False).iloc[0]
    over, on = int(rated["over_baseline"].sum()), int(rated["on_target"].sum())
    median = float(rated["ratio"].median())
    worst_name = _label(stats.loc[worst.name, "_group"], by, lang)
    if lang == "ja":
        return (f"団体の倍率の中央値は {median:.2f} 倍で、{len(rated):,} 団体中 {over:,} 団体が基準年度を上回り、"
                f"0.7 以下は {on:,} 団体です。中央値が最も高いのは{worst_name}（{worst['Median']:.2f} 倍）です。")
    return (f"The median organization ratio is {median:.2f}; {over:,} of {len(rated):,} organizations are "
            f"above FY2018 and {on:,} at 0.7 or below; the highest group median is {worst['Median']:.2f} ({worst_name}).")


def _stats(df: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    rated = _rated(df)
    rows = []
    for group in _groups(rated, by):
        r = rated.loc[rated[by] == group, "ratio"].astype(float)
        part = rated[rated[by] == group]
        rows.append({"_group": group, "Group": _label(group, by, lang), "Organizations": len(part),
                     "Q1": r.quantile(0.25), "Median": r.median(), "Q3": r.quantile(0.75),
                     "Over baseline": int(part["over_baseline"].sum()),
                     "At 0.7 or below": int(part["on_target"].sum())})
    out = pd.DataFrame(rows, columns=["_group", "Group", "Organizations", "Q1", "Median", "Q3",
                                      "Over baseline", "At 0.7 or below"])
    return out


def table(df: pd.DataFrame, *, by: str = "kind", lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    out = _stats(df, by, lang).drop(columns="_group")
    if lang == "ja":
        out = out.rename(columns={"Group": "区分" if by == "kind" else "類似団体区分",
                                  "Organizations": "団体数", "Q1": "第1四分位", "Median": "中央値",
                                  "Q3": "第3四分位", "Over baseline": "基準超過",
                                  "At 0.7 or below": "0.7以下"})
    return out
