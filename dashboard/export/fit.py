"""Room for labels in an exported chart, worked out before Kaleido draws it: the x axis's
room above the footer, every category row labelled at a size that fits, a title on one line.

The export's size is fixed (a 16:9 image), so what Plotly's automargin would grow has to be
decided here instead (the footer hangs a fixed distance below the plot).
"""
from __future__ import annotations

import math

import plotly.graph_objects as go

# Pixels at the 1600x900 export size (a 16:9 slide), for stamp.py's template too: sized to stay
# legible from the back of a council chamber (body 20 px ≈ 12 pt on a 13.3-inch-wide slide).
SIZES = {"base": 20, "title": 32, "subtitle": 20, "tick": 18, "footer": 15}
AXIS_ROOM_PX = 96


def _text_px(text: str, size: float) -> float:
    """Rough width of a label: CJK and full-width characters are 1 em, the rest ~0.6 em."""
    return sum(size if ord(ch) > 0x2E7F else 0.6 * size for ch in text)


def _x_labels(layout: dict, data: list[dict]) -> list[str]:
    axis = layout.get("xaxis", {})
    if axis.get("ticktext"):
        return [str(t) for t in axis["ticktext"]]
    labels = []
    for trace in data:
        if trace.get("orientation") != "h":
            values = trace.get("x")
            if values is not None and not isinstance(values, dict):   # dict: a typed numeric array
                labels += [str(x) for x in list(values) if isinstance(x, str)]
    return list(dict.fromkeys(labels))


def axis_room(fig_dict: dict, width: int) -> tuple[int, int | None]:
    """Pixels below the plot for the x tick labels and axis title, and a tick angle to force.

    The footer sits at a fixed distance below the plot area (annotations cannot be placed
    relative to the image), so the room the x axis needs is worked out here and the angle
    fixed, instead of letting automargin grow past the footer.
    """
    layout, data = fig_dict.get("layout", {}), fig_dict.get("data", [])
    # a chart that sets its own tick size (a dense matrix) is measured at that size
    size = ((layout.get("xaxis", {}).get("tickfont") or {}).get("size")) or SIZES["tick"]
    labels = _x_labels(layout, data)
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    widest = max((max(_text_px(part, size) for part in label.split("<br>")) for label in labels),
                 default=0)
    slot = (width - 300) / max(1, len(labels))
    angle = layout.get("xaxis", {}).get("tickangle")
    if labels and widest > 0.9 * slot and angle in (None, "auto"):
        angle = -45
    if isinstance(angle, (int, float)) and angle:
        ticks = widest * abs(math.sin(math.radians(angle))) + size
    else:
        ticks = lines * size * 1.3
    title = layout.get("xaxis", {}).get("title", {})
    text = (title.get("text") if isinstance(title, dict) else title) or ""
    # a title may carry a note on a second line (by_item's hatching note): room for every line
    title_lines = text.count("<br>") + 1 if text else 0
    room = ticks + 14 + (SIZES["base"] * 1.4 * title_lines + 12 if title_lines else 0) + 12
    return max(AXIS_ROOM_PX, int(room)), (angle if isinstance(angle, (int, float)) else None)


# Height of one line of tick text as Chromium boxes it (Noto Sans CJK's ascent + descent is
# 1.45 em), with a little air so neighbouring boxes do not touch.
LINE_EM = 1.5


def _row_names(fig_dict: dict) -> list[str]:
    """The categories down the y axis of a chart of horizontal bars or boxes, or a heatmap's rows
    ([] for any other chart, or one whose y axis names its own ticks or has subplots)."""
    layout = fig_dict.get("layout", {})
    if "yaxis2" in layout or layout.get("yaxis", {}).get("tickvals") is not None:
        return []
    names: list[str] = []
    for trace in fig_dict.get("data", []):
        across = trace.get("type") == "heatmap" or (trace.get("type") in ("bar", "box")
                                                     and trace.get("orientation") == "h")
        values = trace.get("y")
        if across and values is not None and not isinstance(values, dict):
            names += [str(v) for v in list(values) if isinstance(v, str)]
    return list(dict.fromkeys(names))


def fit_rows(out: go.Figure, plot_px: float) -> None:
    """Every row of a category y axis labelled, at the largest tick size (up to the template's)
    whose lines fit the rows' pitch. Plotly otherwise drops every other name when they crowd
    (no overlap check sees a name that is not drawn): 20 operations fit at 18 px in a
    1600 x 900 image but not on a 1280 x 720 slide."""
    rows = _row_names(out.to_dict())
    if len(rows) < 2:
        return
    lines = max(r.count("<br>") + 1 for r in rows)
    size = min(out.layout.yaxis.tickfont.size or SIZES["tick"],
               int(plot_px / len(rows) / (LINE_EM * lines)))
    out.update_yaxes(dtick=1, tickfont={"size": size})


def title_px(title: str, width: int) -> int:
    """The title's size: the template's, or smaller so that a long title stays on one line
    inside the image (a title past the edge is cut off in print)."""
    return min(SIZES["title"], int((width - 80) / max(1.0, _text_px(title, 1.0))))


def fit_x_ticks(out: go.Figure, width: int) -> bool:
    """Every other label of an x axis that names its own ticks (the year axis) when the labels
    are wider than their slots: the legend beside the plot takes width from it, so thirteen
    「令和10」 fit in a 1600-px image and not always on a 1280-px slide. True if thinned."""
    axis = out.layout.xaxis
    if axis.ticktext is None or axis.tickvals is None or len(axis.ticktext) < 8:
        return False
    size = axis.tickfont.size or SIZES["tick"]
    names = [t.name for t in out.data if t.name and t.showlegend is not False]
    legend = max((_text_px(n, size) for n in names), default=0) + 40 if names else 0
    plot = width - 140 - legend        # y tick labels and axis title, right margin, the legend
    widest = max(_text_px(part, size) for t in axis.ticktext for part in str(t).split("<br>"))
    if widest <= plot / len(axis.ticktext):
        return False
    out.update_xaxes(tickvals=list(axis.tickvals)[::2], ticktext=list(axis.ticktext)[::2])
    return True
