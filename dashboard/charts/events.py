"""Timeline events as labelled markers on any chart whose x axis is the fiscal year.

An event on a date sits at its place inside its fiscal year (year y spans y-0.5 .. y+0.5 on
the axis, April to March); an event with only a fiscal year sits at the start of it. Each
marker is a dotted vertical line with its title (shapes and annotations, so static exports
draw them too) plus one hover trace named for tests and screen readers.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import style
from dashboard.charts.labels import tr

KIND = {"spec_revision": ("仕様改定", "specification revision"), "price_change": ("価格改定", "price change"),
        "exchange_rate": ("為替", "exchange rate"), "policy": ("政策", "policy"), "note": ("メモ", "note")}
# Label heights (paper, top-anchored), cycled so that close labels don't overlap; they start
# below the top, where the chart's own reference labels (the migration deadline) sit.
LEVELS = (0.9, 0.8, 0.7)


def position(fiscal_year: int, date) -> float:
    """x of an event on a fiscal-year axis."""
    if date is None or pd.isna(date):
        return fiscal_year - 0.5
    date = pd.Timestamp(date).date()
    start = dt.date(fiscal_year, 4, 1)
    days = (dt.date(fiscal_year + 1, 4, 1) - start).days
    return fiscal_year - 0.5 + (date - start).days / days


def label(row, lang: str) -> str:
    title = row["title_ja"] if lang == "ja" else row["title_en"]
    date = row["event_date"]
    when = (pd.Timestamp(date).strftime("%Y-%m-%d") if date is not None and not pd.isna(date)
            else f"FY{int(row['fiscal_year'])}")
    return f"{when} {title}"


def add_markers(fig: go.Figure, events: pd.DataFrame | None, lang: str = "ja",
                x_range: tuple[float, float] | None = None) -> go.Figure:
    """Draw `events` (timeline/events) on `fig`; events outside x_range are left out."""
    if events is None or events.empty:
        return fig
    xs, texts = [], []
    span = x_range or tuple(fig.layout.xaxis.range or ()) or None
    for n, row in enumerate(events.itertuples(index=False)):
        r = row._asdict()
        x = position(int(r["fiscal_year"]), r["event_date"])
        if x_range and not x_range[0] <= x <= x_range[1]:
            continue
        text = label(r, lang)
        fig.add_vline(x=x, line={"dash": "dot", "color": style.OKABE_ITO["purple"], "width": 1})
        fig.add_annotation(x=x, y=LEVELS[n % len(LEVELS)], xref="x", yref="paper", text=text[:34],
                           showarrow=False, yanchor="top", textangle=0,
                           # a label in the right half reads leftwards, so it never runs past the edge
                           xanchor="right" if span and x > (span[0] + span[1]) / 2 else "left",
                           font={"size": 10, "color": style.OKABE_ITO["purple"]},
                           bgcolor="rgba(255,255,255,0.75)")
        xs.append(x)
        texts.append(text)
    if xs:
        fig.add_trace(go.Scatter(
            x=xs, y=[0] * len(xs), mode="markers", name=tr("出来事", "Events", lang), meta="events",
            marker={"symbol": "triangle-up", "size": 9, "color": style.OKABE_ITO["purple"]},
            text=texts, hovertemplate="%{text}<extra></extra>"))
    return fig
