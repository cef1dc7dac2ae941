"""Per-capita baseline against ratio for the municipalities of a prefecture (bubble = population)."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import labels, style
from dashboard.charts.labels import tr


def _rows(df: pd.DataFrame) -> pd.DataFrame:
    rows = df[df["ratio"].notna() & (df["population"] > 0) & (df["kind"] != "都道府県")].copy()
    rows["per_capita_yen"] = rows["baseline_yen"].astype(float) / rows["population"].astype(float)
    return rows


def figure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/org_table."""
    rows = _rows(df)
    if rows.empty:
        return style.empty(style.no_data(lang))
    fig = go.Figure()
    biggest = float(rows["population"].max())
    for i, kind in enumerate(k for k in labels.KIND_ORDER if k in set(rows["kind"])):
        part = rows[rows["kind"] == kind]
        fig.add_trace(go.Scatter(
            x=part["per_capita_yen"], y=part["ratio"].astype(float), mode="markers",
            name=labels.kind(kind, lang), meta=f"kind:{kind}", text=part["name"],
            customdata=part["population"].astype(int),
            marker={"size": [8 + 40 * math.sqrt(p / biggest) for p in part["population"]],
                    "color": style.SEQUENCE[i], "opacity": 0.7, "line": {"color": "#333333", "width": 0.5},
                    "symbol": ["circle", "square", "diamond", "triangle-up", "cross", "x", "star"][i % 7]},
            hovertemplate=("%{text}<br>" + tr("住民1人当たり基準", "Baseline per resident", lang)
                           + ": %{x:,.0f} " + tr("円", "yen", lang) + "<br>"
                           + tr("倍率", "Ratio", lang) + ": %{y:.2f}<br>"
                           + tr("人口（令和2年国勢調査）", "Population (2020 census)", lang) + ": %{customdata:,}<extra></extra>")))
    _label_highest(fig, rows)
    # 1.0's note above its line and 0.7's below: with ratios up to 6 the two lines are 16 px
    # apart, less than a line of text, so notes on the same side would overprint.
    for y, text, where in ((1.0, tr("1.0 = 基準年度", "1.0 = FY2018", lang), "top right"),
                           (0.7, tr("0.7 = 目標", "0.7 = target", lang), "bottom right")):
        fig.add_hline(y=y, line={"dash": "dash" if y == 1.0 else "dashdot",
                                 "color": style.OKABE_ITO["grey"] if y == 1.0 else style.TARGET_COLOUR},
                      annotation_text=text, annotation_position=where)
    fig.update_xaxes(type="log", title=tr("住民1人当たりの基準年度経費（円、対数）",
                                          "FY2018 cost per resident (yen, log scale)", lang))
    fig.update_yaxes(title=tr("対象年度 ÷ 基準（倍）", "Chosen year ÷ baseline", lang), rangemode="tozero")
    return style.layout(fig, height=460)


# The smallest plot area the chart is drawn in (half of a 1440-px page, or a slide): label
# boxes that stay apart here stay apart in any larger drawing, since text keeps its size.
PLOT_W, PLOT_H, CHAR_W, LINE_H = 480.0, 330.0, 13.5, 18.0


def _label_highest(fig: go.Figure, rows: pd.DataFrame, most: int = 5) -> None:
    """Name the organizations furthest over their baseline on the chart itself (the rest by hover),
    skipping a name whose box would meet one already placed or run past the plot edge."""
    x = rows["per_capita_yen"].map(math.log10)
    y = rows["ratio"].astype(float)
    x0, x1 = x.min(), x.max()
    y1 = max(y.max(), 1.0)
    pad = (x1 - x0) * 0.05 or 0.5            # Plotly's autorange pads the log axis about this much
    x0, x1 = x0 - pad, x1 + pad
    placed, texts = [], []
    for _, row in rows.assign(_x=x, _y=y).sort_values("ratio", ascending=False).iterrows():
        if len(placed) >= most or row["_y"] <= 1.0:
            break
        px = (row["_x"] - x0) / (x1 - x0) * PLOT_W
        py = (1 - row["_y"] / (y1 * 1.05)) * PLOT_H
        width = CHAR_W * len(str(row["name"])) + 16   # 16: clear of the bubble
        right = px + width <= PLOT_W
        box = (px + 8, py - LINE_H / 2, px + width, py + LINE_H / 2) if right else \
              (px - width, py - LINE_H / 2, px - 8, py + LINE_H / 2)
        if box[0] < 0 or any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        texts.append((row, right))
    if texts:
        fig.add_trace(go.Scatter(
            x=[r["per_capita_yen"] for r, _ in texts], y=[float(r["ratio"]) for r, _ in texts],
            mode="text", text=[str(r["name"]) for r, _ in texts], meta="labels", showlegend=False,
            textposition=["middle right" if right else "middle left" for _, right in texts],
            textfont={"size": 12, "color": "#1F2933"}, hoverinfo="skip"))


def reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    rows = _rows(df)
    if rows.empty:
        return style.no_data(lang)
    small = rows[rows["population"] < rows["population"].median()]
    large = rows[rows["population"] >= rows["population"].median()]
    if lang == "ja":
        return (f"人口が中央値未満の団体は1人当たり基準経費の中央値が {small['per_capita_yen'].median():,.0f} 円、"
                f"中央値以上の団体は {large['per_capita_yen'].median():,.0f} 円で、倍率の中央値はそれぞれ "
                f"{small['ratio'].median():.2f} 倍と {large['ratio'].median():.2f} 倍です。")
    return (f"Smaller municipalities (below the median population) spent a median {small['per_capita_yen'].median():,.0f} "
            f"yen per resident in FY2018, larger ones {large['per_capita_yen'].median():,.0f} yen; their median "
            f"ratios are {small['ratio'].median():.2f} and {large['ratio'].median():.2f}.")
