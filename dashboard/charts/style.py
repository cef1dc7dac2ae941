"""Shared look of every chart: fonts, colour-blind-safe palette, axes in 和暦 and yen units.

The font family is set explicitly so that the screen (browser fonts) and the exports
(kaleido's Chromium with fonts-noto-cjk / IPAex) draw the same glyphs.
"""
from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard import i18n

FONT_FAMILY = "Noto Sans CJK JP, IPAexGothic, sans-serif"

# Okabe-Ito hues, the light ones darkened (orange, sky, yellow, grey) so that every mark has
# at least 3:1 contrast against the white background (WCAG 1.4.11); the names stay the hues'.
OKABE_ITO = {"black": "#000000", "orange": "#B35C00", "sky": "#1B7DBA", "green": "#009E73",
             "yellow": "#8F7A00", "blue": "#0072B2", "vermillion": "#D55E00",
             "purple": "#CC79A7", "grey": "#6E6E6E"}
# Series colours in this order: each ≥ 3:1 on white, and neighbours ≥ 16 apart in CAM02-UCS
# (second neighbours ≥ 13) in normal vision and simulated protanopia, deuteranopia and
# tritanopia (Machado 2009) — so adjacent stacked bars and legend entries stay apart.
# tests/test_a11y_colour.py measures this on the rendered PNGs.
SEQUENCE = ["#0072B2", "#8F7A00", "#C2456B", "#882255", "#CC79A7", "#7F5F3F", "#117777",
            "#332288", "#B35C00", "#6E6E6E"]
# Colour never carries a series alone: each series also gets its own fill pattern (bars),
# dash (lines) or marker symbol (points), in the same order as SEQUENCE.
PATTERNS = ["", "/", ".", "x", "\\", "+", "-", "|", "", "/"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "x", "star",
           "hexagon", "pentagon"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
INCREASE, DECREASE, TOTAL = OKABE_ITO["vermillion"], OKABE_ITO["blue"], "#6E6E6E"
TARGET_COLOUR = OKABE_ITO["black"]
# A dark outline on every bar: a pale or hatched fill still has a 3:1 edge against white.
BAR_OUTLINE = {"color": "#1F2933", "width": 0.6}
# Diverging blue (decrease, good) → white → orange (increase): safe for red-green deficiency.
DIVERGING = [[0.0, "#08519C"], [0.25, "#6BAED6"], [0.5, "#F7F7F7"], [0.75, "#FDAE6B"],
             [1.0, "#A63603"]]
NO_DATA = "#D9D9D9"
GRID = "#E5E8EE"
NEW_ITEM_PATTERN = "/"          # new Government Cloud items: hatched, not only coloured


def series_style(i: int) -> dict:
    """Colour, pattern, symbol and dash of the i-th series (they cycle together)."""
    return {"color": SEQUENCE[i % len(SEQUENCE)], "pattern": PATTERNS[i % len(PATTERNS)],
            "symbol": SYMBOLS[i % len(SYMBOLS)], "dash": DASHES[i % len(DASHES)]}


def diverging_colour(value: float, limit: float) -> str:
    """Colour of a change rate on DIVERGING, centred at 0 and clipped at ±limit."""
    position = 0.5 + max(-1.0, min(1.0, value / limit)) / 2
    return sample_colorscale(DIVERGING, [position])[0]


def fy_tick(fy: int, lang: str) -> str:
    """Axis tick: 令和8<br>(2026) or 2026<br>(R8)."""
    if lang == "en":
        return i18n.fiscal_year(fy, "en").replace("FY", "").replace(" (", "<br>(")
    return f"{i18n.wareki(fy).removesuffix('年度')}<br>({fy})"


def year_axis(fig: go.Figure, years, lang: str, every: int = 1, **kwargs) -> None:
    """Two-line year ticks (令和8 / (2026)), never rotated. `every=2` labels every other year,
    for charts drawn at half width where thirteen labels would run into each other."""
    years = [int(y) for y in years]
    shown = years[::every] if every > 1 and len(years) > 7 else years
    fig.update_xaxes(tickmode="array", tickvals=shown, ticktext=[fy_tick(y, lang) for y in shown],
                     tickangle=0, **kwargs)


def money_axis_title(unit: str, lang: str) -> str:
    return f"{'金額' if lang == 'ja' else 'Amount'} ({i18n.unit_label(unit, lang)})"


def hover_money(unit: str, lang: str, field: str = "y") -> str:
    digits = ",.1f" if unit == "oku" else ",.0f"
    return f"%{{{field}:{digits}}} {i18n.unit_label(unit, lang)}"


def layout(fig: go.Figure, height: int = 420, legend: bool = True) -> go.Figure:
    # Plain styling instead of the "plotly_white" template: applying a template costs ~20 ms
    # per figure, which alone would break the page's 300 ms rerun budget.
    fig.update_layout(
        template="none", height=height, plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
        font={"family": FONT_FAMILY, "size": 13},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        margin={"l": 60, "r": 20, "t": 30, "b": 60},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        separators=".,",
    )
    fig.update_xaxes(gridcolor=GRID, zerolinecolor=GRID, automargin=True)
    fig.update_yaxes(gridcolor=GRID, zerolinecolor="#BBBBBB", automargin=True)
    return fig


def wrap(text: str, width: int) -> str:
    """Break a long label with <br> at about `width` characters (a CJK character counts two),
    preferring spaces, so that it fits where Plotly would otherwise run it past the edge."""
    lines, line, size = [], "", 0
    for word in text.replace(" ", " \0").split("\0"):
        w = sum(2 if ord(ch) > 0x2E7F else 1 for ch in word)
        if size + w > width and line:
            lines.append(line.rstrip())
            line, size = "", 0
        if w > width:                                     # one long CJK run: cut it
            for ch in word:
                cw = 2 if ord(ch) > 0x2E7F else 1
                if size + cw > width and line:
                    lines.append(line)
                    line, size = "", 0
                line, size = line + ch, size + cw
        else:
            line, size = line + word, size + w
    if line.strip():
        lines.append(line.rstrip())
    return "<br>".join(lines)


def value_label_range(values, floor: float | None = None, room: float = 0.22) -> list[float]:
    """An axis range with room reserved beyond the longest bar for its outside value label
    ("+230.5%"), so the label is never clipped at the plot edge."""
    values = [float(v) for v in values if v is not None and v == v] or [0.0]
    low, high = min(values + [0.0]), max(values + [0.0])
    if floor is not None:
        low = min(low, floor)
    span = (high - low) or 1.0
    return [low - (room * span if low < 0 else 0), high + room * span]


def sparse_ticks(values, count: int = 3) -> dict:
    """Axis settings with at most `count` round ticks from 0 (e.g. 0, 50,000, 100,000): seven-digit
    money ticks on a half-width chart otherwise crowd into each other."""
    top = max([float(v) for v in values if v is not None and v == v] + [0.0])
    if top <= 0:
        return {}
    raw = top / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return {"tickmode": "array", "tickvals": [step * i for i in range(count) if step * i <= top * 1.0001]}


def empty(message: str, height: int = 260) -> go.Figure:
    """A figure that says why there is nothing to draw (never a blank box)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, height=height, legend=False)


def pct(rate: float | None, signed: bool = True) -> str:
    """A change against FY2018 (+230.5% / −12.0%, the one sign convention) or a plain share."""
    return i18n.signed_percent(rate) if signed else i18n.percent(rate, signed)


def change_rate(baseline_yen, current_yen) -> float | None:
    """current / baseline - 1 (negative = a decrease); None without a baseline."""
    if not baseline_yen or (isinstance(baseline_yen, float) and math.isnan(baseline_yen)):
        return None
    return current_yen / baseline_yen - 1


def no_data(lang: str) -> str:
    return ("この範囲・年度には比較できるデータ（基準年度と対象年度がそろった組）がありません。"
            if lang == "ja" else
            "There are no comparable figures (pairs with both FY2018 and the chosen year) "
            "for this scope and year.")
