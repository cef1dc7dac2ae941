"""The export template and the stamp that makes an exported chart self-explaining.

An image travels without the page around it, so everything a reader needs is drawn into
the figure itself: title; scope, fiscal year (和暦 and 西暦), unit and basis under it; the
source, the data-as-of time and, for demo data, the fictional-data notice at the bottom.
Streamlit's theme does not reach Kaleido, so exports use their own explicit template, with
fonts sized for a projector and the CJK font family named (the same one the screen uses).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import duckdb
import plotly.graph_objects as go
import plotly.io as pio

from dashboard import fiscal, i18n, metrics, queries
from dashboard.charts.style import FONT_FAMILY   # one family for screen and export
from dashboard.charts.style import SEQUENCE as COLORWAY   # colour-vision-safe, ≥ 3:1 on white
from dashboard.export.fit import SIZES, axis_room, fit_rows, fit_x_ticks, title_px
from dashboard.scope import Scope

TEMPLATE_NAME = "sanwari_export"
INK, MUTED, WARN = "#1f2933", "#52606d", "#b42318"

# TOP_PX clears the title block for what pokes above the plot: the top tick label's upper
# half, subplot titles, a reference line's label.
TOP_PX, LINE_PX = 136, 22
UNTITLED_SAVES_PX = 44          # the 32-px bold title line, when the slide carries the title

SOURCE = {"ja": "出典：各団体が報告した標準化対象20業務の運用経費等（Sanwari 集計）",
          "en": "Source: operating costs of the 20 standardized systems reported by "
                "each organization (compiled by Sanwari)"}
DEMO_SOURCE = {"ja": "出典：Sanwari デモデータ（架空）", "en": "Source: Sanwari demo data (fictional)"}


def _template() -> go.layout.Template:
    font = {"family": FONT_FAMILY, "color": INK}
    axis = {"title": {"font": {**font, "size": SIZES["base"]}, "standoff": 12},
            "tickfont": {**font, "size": SIZES["tick"]}, "automargin": True,
            "gridcolor": "#d9dee3", "linecolor": "#9aa5b1", "zerolinecolor": "#9aa5b1"}
    return go.layout.Template(layout={
        "font": {**font, "size": SIZES["base"]},
        "title": {"font": {**font, "size": SIZES["title"]}, "x": 0.02, "xanchor": "left"},
        "paper_bgcolor": "white", "plot_bgcolor": "white", "colorway": COLORWAY,
        "xaxis": axis, "yaxis": axis,
        "legend": {"font": {**font, "size": SIZES["tick"]}},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "annotationdefaults": {"font": {**font, "size": SIZES["tick"]}},
    })


pio.templates[TEMPLATE_NAME] = _template()


@dataclass(frozen=True)
class ExportMeta:
    """What every exported chart of one scope and year says about itself."""
    scope_label: str
    fiscal_year: int
    unit: str = i18n.DEFAULT_UNIT
    basis: str = "actual"            # actual | projected (a year resting on budgets/estimates)
    data_as_of: str = ""             # e.g. 2025-06-02 10:15
    is_demo: bool = False
    lang: str = "ja"
    source: str = ""

    @classmethod
    def of(cls, scope: Scope, fy: int, lang: str, unit: str, basis: str,
           status: dict) -> "ExportMeta":
        """The one way to make a stamp: scope, year, language and unit as shown, the basis
        of the scope's total, and metrics/data_status (demo flag, as-of time)."""
        as_of = status.get("data_as_of")
        # Stored in UTC; a reader in Japan sees JST with 和暦.
        as_of_text = "" if as_of is None or as_of != as_of else fiscal.jst_text(as_of, lang)
        return cls(scope.label(lang), fy, unit, basis, as_of_text, bool(status.get("is_demo")), lang)

    @property
    def source_text(self) -> str:
        return self.source or (DEMO_SOURCE if self.is_demo else SOURCE)[self.lang]

    def subtitle(self) -> str:
        ja = self.lang == "ja"
        parts = [self.scope_label, i18n.fiscal_year(self.fiscal_year, self.lang),
                 ("単位：" if ja else "Unit: ") + i18n.unit_label(self.unit, self.lang),
                 ("区分：" if ja else "Basis: ") + basis_label(self.basis, self.lang)]
        return ("｜" if ja else " | ").join(parts)

    def footer(self) -> list[str]:
        ja = self.lang == "ja"
        as_of = (("データ時点：" if ja else "Data as of ") + self.data_as_of) if self.data_as_of else ""
        lines = [("　" if ja else "  ").join(p for p in (self.source_text, as_of) if p)]
        if self.is_demo:
            lines.append(i18n.DEMO_NOTICE[self.lang])
        return lines


def basis_label(basis: str, lang: str = "ja") -> str:
    """実績, or 見込（予算・見積）: a year resting on budgets or estimates is labelled 見込."""
    if basis == "actual":
        return i18n.BASIS["actual"][lang]
    return "見込（予算・見積）" if lang == "ja" else "projected (budget/estimate)"


def meta_for(con: duckdb.DuckDBPyConnection, scope: Scope, fy: int, lang: str = "ja",
             unit: str = i18n.DEFAULT_UNIT) -> ExportMeta:
    """The stamp of a scope and year, read from the database (demo flag, as-of time, basis)."""
    status = queries.run(con, "metrics/data_status").iloc[0].to_dict()
    # the scope's own as-of time, never the newest import anywhere (issue 11)
    status["data_as_of"] = queries.run(con, "metrics/data_as_of", scope).iloc[0]["data_as_of"]
    return ExportMeta.of(scope, fy, lang, unit, metrics.kpi(con, scope, fy)["basis"], status)


def _take_notes(fig: go.Figure) -> list[str]:
    """Remove the chart's own notes placed outside the plot (paper y < 0 or > 1) and return
    their text: they would collide with the title block or the footer, so they join the footer."""
    kept, notes = [], []
    for ann in fig.layout.annotations:
        outside = ann.xref == "paper" and ann.yref == "paper" and ann.y is not None \
            and (ann.y < 0 or ann.y > 1)
        (notes if outside else kept).append(ann.text if outside else ann)
    fig.layout.annotations = kept
    return [n for n in notes if n]


def _heading(title: str | None, meta: ExportMeta, width: int) -> dict:
    """The title block: bold title over the context line; without a title (a slide or handout
    page whose own heading names the chart, which the image would only repeat) the context
    line alone, in the title's place."""
    muted = {"family": FONT_FAMILY, "size": SIZES["subtitle"], "color": MUTED}
    place = {"x": 0.02, "xanchor": "left", "yref": "container", "y": 0.975, "yanchor": "top"}
    if not title:
        return {"text": meta.subtitle(), "font": muted, **place}
    return {"text": f"<b>{title}</b>", "subtitle": {"text": meta.subtitle(), "font": muted}, **place,
            "font": {"family": FONT_FAMILY, "size": title_px(title, width), "color": INK}}


def stamp(fig: go.Figure, title: str | None, meta: ExportMeta, width: int = 1600,
          height: int = 900) -> go.Figure:
    """A copy of `fig` in the export template, with title, context line and footer drawn in.
    `title=None` leaves the title to the slide or page the image is placed on."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    notes = _take_notes(out)
    footer = [("注：" if meta.lang == "ja" else "Note: ") + n for n in notes] + meta.footer()
    footer_px = 8 + LINE_PX * len(footer)
    room, angle = axis_room(out.to_dict(), width)
    if angle is not None:
        out.update_xaxes(tickangle=angle)
    top = TOP_PX - (0 if title else UNTITLED_SAVES_PX)
    fit_rows(out, height - top - room - footer_px)
    fit_x_ticks(out, width)
    out.update_layout(
        template=TEMPLATE_NAME, width=width, height=height,
        font={"family": FONT_FAMILY, "size": SIZES["base"], "color": INK},
        title=_heading(title, meta, width),
        margin={"t": top, "b": room + footer_px, "l": 90, "r": 40,
                "autoexpand": True},
        # The legend goes right of the plot: above it would collide with the title block,
        # below it with the footer.
        legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top",
                "font": {"family": FONT_FAMILY, "size": SIZES["tick"]}},
    )
    # The footer hangs `room` px below the plot area; automargin only ever adds room, so
    # it stays inside the image even if a label needs more than estimated.
    for i, line in enumerate(footer):
        out.add_annotation(
            text=line, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
            yshift=-(room + LINE_PX * i), showarrow=False, align="left",
            font={"family": FONT_FAMILY, "size": SIZES["footer"],
                  "color": WARN if (meta.is_demo and i == len(footer) - 1) else MUTED})
    return out
