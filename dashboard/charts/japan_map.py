"""Map of the 47 prefectures coloured by change against FY2018, drawn offline.

Outlines come from the PyPI package japanmap (its coarse outline of each prefecture's main
area, Hokkaido and Okinawa moved closer), drawn as filled scatter traces on hidden axes:
Plotly geo traces would fetch base maps from a CDN, which this product cannot reach.
A marker at each prefecture's centre carries the hover text, the colour bar and the click
target (customdata = prefecture code).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import pref_name, tr

X_STRETCH = 0.812     # japanmap's own aspect correction for longitude at Japan's latitudes


@lru_cache(maxsize=1)
def outlines() -> tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]:
    import japanmap
    points = japanmap.pref_points(japanmap.get_data(move_hokkaido=True, move_okinawa=True, rough=True))
    shapes = []
    for polygon in points:
        xs = tuple(round(p[0] * X_STRETCH, 3) for p in polygon) + (round(polygon[0][0] * X_STRETCH, 3),)
        ys = tuple(round(p[1], 3) for p in polygon) + (round(polygon[0][1], 3),)
        shapes.append((xs, ys))
    return tuple(shapes)


def _rates(df: pd.DataFrame) -> list[float | None]:
    return [style.change_rate(int(b), int(c)) for b, c in zip(df["baseline_yen"], df["current_yen"])]


def figure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/pref_map (one row per prefecture)."""
    if df.empty or int(df["baseline_yen"].sum()) == 0:
        return style.empty(style.no_data(lang))
    rates = _rates(df)
    known = [r for r in rates if r is not None]
    limit = max([0.35] + [abs(r) for r in known])
    fig = go.Figure()
    shapes = outlines()
    centres_x, centres_y = [], []
    for code, rate in zip(df["pref_code"], rates):
        xs, ys = shapes[int(code) - 1]
        centres_x.append(sum(xs[:-1]) / (len(xs) - 1))
        centres_y.append(sum(ys[:-1]) / (len(ys) - 1))
        fig.add_trace(go.Scatter(
            x=xs, y=ys, fill="toself", mode="lines", hoverinfo="skip", showlegend=False,
            fillcolor=style.NO_DATA if rate is None else style.diverging_colour(rate, limit),
            # grey borders: a pale (near 0 %) prefecture still has a 3:1 edge against white
            line={"color": style.OKABE_ITO["grey"], "width": 0.6}))
    names = [pref_name(c, n, lang) for c, n in zip(df["pref_code"], df["pref_name"])]
    text = [f"{n}<br>{tr('基準比', 'Change', lang)}: {style.pct(r)}<br>"
            f"{tr('基準', 'Baseline', lang)}: {i18n.money(int(b), unit, lang)}<br>"
            f"{tr('対象年度', 'Chosen year', lang)}: {i18n.money(int(c), unit, lang)}<br>"
            f"{tr('基準超過の団体', 'Orgs over baseline', lang)}: {int(o)}/{int(rep)}"
            for n, r, b, c, o, rep in zip(names, rates, df["baseline_yen"], df["current_yen"],
                                          df["orgs_over_baseline"], df["orgs_reporting"])]
    ticks = sorted({-0.3, 0.0} | {round(limit * f, 1) for f in (-1, 1)})
    fig.add_trace(go.Scatter(
        x=centres_x, y=centres_y, mode="markers", meta="prefectures",
        customdata=list(df["pref_code"]), text=text, hovertemplate="%{text}<extra></extra>",
        marker={"size": 9, "color": [100 * (r if r is not None else 0) for r in rates],
                "colorscale": style.DIVERGING, "cmin": -100 * limit, "cmax": 100 * limit, "cmid": 0,
                "line": {"color": "#333333", "width": 0.8}, "symbol": "circle",
                "colorbar": {"title": {"text": tr("基準比 (%)", "Change (%)", lang)},
                             "tickvals": [100 * t for t in ticks],
                             "ticktext": [tr("-30% 目標", "-30% target", lang) if t == -0.3
                                          else f"{100 * t:+.0f}%" for t in ticks]}},
        showlegend=False))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(dragmode=False, clickmode="event+select")
    return style.layout(fig, height=560, legend=False)


def reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if df.empty or int(df["baseline_yen"].sum()) == 0:
        return style.no_data(lang)
    rates = pd.Series(_rates(df), index=df.index, dtype="float64")
    reached = int((rates <= -0.3).sum())
    up = int((rates > 0).sum())
    worst = df.loc[rates.idxmax()]
    worst_name = pref_name(worst["pref_code"], worst["pref_name"], lang)
    if lang == "ja":
        return (f"{len(df)} 都道府県のうち -30% に達しているのは {reached}、基準年度を上回るのは {up} で、"
                f"増加率が最も大きいのは{worst_name}（{style.pct(rates.max())}）です。")
    return (f"Of {len(df)} prefectures, {reached} reach -30% and {up} are above FY2018; the largest "
            f"increase is in {worst_name} ({style.pct(rates.max())}).")


def table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("コード", "Code", lang): df["pref_code"].to_list(),
        tr("都道府県", "Prefecture", lang): [pref_name(c, n, lang) for c, n in zip(df["pref_code"], df["pref_name"])],
        tr(f"基準 ({u})", f"Baseline ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["baseline_yen"]],
        tr(f"対象年度 ({u})", f"Chosen year ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["current_yen"]],
        tr("基準比", "Change", lang): _rates(df),
        tr("報告団体", "Orgs reporting", lang): df["orgs_reporting"].astype(int).to_list(),
        tr("基準超過", "Over baseline", lang): df["orgs_over_baseline"].astype(int).to_list(),
        tr("-30%達成", "At -30% or better", lang): df["orgs_on_target"].astype(int).to_list(),
    })
