"""Per-chart download buttons (PNG / SVG / PDF) for the pages.

    from dashboard.ui.downloads import chart_downloads
    chart_downloads(spec, scope, fy, lang, unit, meta=ctx.stamp)   # under st.plotly_chart

The files are made only when a button is clicked: streamlit 1.67's download_button takes
a callable as `data` and runs it on click, in a separate thread, after this script run.
So the callable gets everything it needs now (the spec, the stamp) and touches neither the
session nor the database; dashboard/ui/deliver.py adds who asked, delivers it and audits it. `on_click="ignore"`: no rerun of the page.
Where the server cannot render (no Chromium or no Japanese font), a note says what is
missing and that the chart's own camera icon still saves a PNG in the browser.
"""
from __future__ import annotations

import streamlit as st

from dashboard.export import render, stamp
from dashboard.export.stamp import ExportMeta
from dashboard.scope import Scope
from dashboard.ui import deliver

# format: (label, MIME, render options). PNG: 1600x900 CSS px at scale 2 = 3200x1800 px.
FORMATS = {
    "png": ("PNG", "image/png", {"width": 1600, "height": 900, "scale": 2}),
    "svg": ("SVG", "image/svg+xml", {"width": 1600, "height": 900, "scale": 1}),
    "pdf": ("PDF", "application/pdf", {"width": 1600, "height": 900, "scale": 1}),
}
HELP = {"png": ("印刷・スライド用の高解像度画像（3200×1800）", "High-resolution image for print and slides"),
        "svg": ("拡大しても粗くならない図（フォントは閲覧側のものを使用）",
                "Scalable drawing (fonts come from the viewer's machine)"),
        "pdf": ("印刷用の1ページPDF（フォント埋め込み）", "One-page PDF for print (fonts embedded)")}


def file_name(spec_key: str, scope: Scope, fy: int, fmt: str) -> str:
    return f"sanwari_{spec_key}_{scope.tag}_{fy}.{fmt}"


def _maker(spec, meta: ExportMeta, fmt: str):
    """The deferred callable: stamp and render on click (dashboard/ui/deliver.py delivers the
    file and writes the audit line). Stamping copies the figure, so the cached spec shared by
    sessions is never changed."""
    _, _, opts = FORMATS[fmt]

    def make() -> bytes:
        figure = stamp.stamp(spec.figure, spec.title, meta, opts["width"], opts["height"])
        return render.render(figure, fmt, **opts)
    return make


def chart_downloads(spec, scope: Scope, fy: int, lang: str, unit: str, *, meta: ExportMeta) -> None:
    """PNG / SVG / PDF buttons for one catalog chart (`spec`: key, title, figure), stamped with
    `meta` (a page passes its context's PageContext.stamp: the unit it shows)."""
    ja = lang == "ja"
    if getattr(spec, "empty", False):
        return
    capability = render.can_export()
    if not capability:
        st.caption(("⚠️ 画像の書き出しはこのサーバーでは使えません：" + capability.reason_ja) if ja
                   else ("⚠️ Image export is unavailable on this server: " + capability.reason_en))
        return
    cols = st.columns(len(FORMATS) + 2, gap="small")
    for col, (fmt, (label, mime, _)) in zip(cols, FORMATS.items()):
        deliver.button(col, label, _maker(spec, meta, fmt), file_name=file_name(spec.key, scope, fy, fmt),
                       mime=mime, key=f"export_{fmt}_{spec.key}_{scope}_{fy}_{lang}_{unit}",
                       icon=":material/download:", help=HELP[fmt][0 if ja else 1])
