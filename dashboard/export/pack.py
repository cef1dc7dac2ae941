"""Build a council pack (会議資料) for one scope and year in one format.

One pass: the summary and stamp metadata, the chart specs from the catalog, all charts
stamped and rendered in ONE Kaleido batch (not one browser start per chart), then one
writer. The page and the `export` command both call `build()`; `progress(fraction, text)`
feeds the page's progress bar. The scope must already have been narrowed by the caller
(the app's session.narrow, or the export command's access.check).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import duckdb

from dashboard import catalog, i18n, metrics
from dashboard.export import captions, render, stamp
from dashboard.export.content import PackChart, PackContent
from dashboard.scope import Scope

FORMATS = {  # format: (extension, MIME type, label)
    "pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             "PowerPoint（スライド）"),
    "pdf": ("pdf", "application/pdf", "PDF（A4横 配布資料）"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "Excel（データ表）"),
    "png": ("zip", "application/zip", "PNG 画像一式（ZIP）"),
}
Progress = Callable[[float, str], None]


class UnknownChart(ValueError):
    pass


@dataclass
class PackResult:
    file_name: str
    data: bytes
    mime: str
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    charts: int = 0


def file_name(scope: Scope, fy: int, fmt: str) -> str:
    return f"sanwari_{scope.tag}_{fy}.{FORMATS[fmt][0]}"


def catalog_keys(scope: Scope | None = None) -> tuple[str, ...]:
    """The charts offered for a scope kind (all known chart keys without a scope)."""
    if scope is None:
        return tuple(catalog.BUILDERS)
    return tuple(catalog.CATALOG_KEYS[scope.kind])


def chart_specs(con, scope: Scope, fy: int, lang: str, unit: str, keys) -> list:
    """The catalog's charts; without `keys`, those of the scope kind that have data."""
    if keys:
        unknown = [k for k in keys if k not in catalog.BUILDERS]
        if unknown:
            raise UnknownChart(f"不明なグラフ / unknown chart key(s): {', '.join(unknown)}; "
                               f"known: {', '.join(catalog.BUILDERS)}")
        return catalog.chart_specs(con, scope, fy, lang=lang, unit=unit, keys=list(keys))
    specs = catalog.chart_specs(con, scope, fy, lang=lang, unit=unit)
    from dashboard.cloud import specs as cloud          # the cloud charts, when there are bills
    specs += cloud.for_pack(con, scope, fy, lang, unit)
    return [s for s in specs if not getattr(s, "empty", False)]


def over_baseline(con, scope: Scope, fy: int, lang: str, unit: str):
    """Who is worse off: every pack carries the ranked table of organizations over baseline."""
    from dashboard import queries
    from dashboard.charts import tables
    df = queries.run(con, "pages/org_table", scope, fy=fy)
    return tables.over_baseline(df, lang=lang, unit=unit, with_prefecture=scope.kind == "national")


def stamped(specs: list, meta: stamp.ExportMeta, fmt: str) -> list:
    """The pack's charts stamped at slide size. Slides and handout pages print the chart's title
    as their own heading, so the image leaves it out (a council read it twice); loose PNGs
    travel alone and keep it."""
    size = render.PACK_SIZE
    return [stamp.stamp(s.figure, s.title if fmt == "png" else None, meta, size["width"], size["height"])
            for s in specs]


def _writer(fmt: str, content: PackContent, scope: Scope) -> bytes:
    # Imported on use: each writer pulls in its own office library (python-pptx, fpdf2,
    # openpyxl), which a pack in another format does not need.
    if fmt == "pptx":
        from dashboard.export import pptx
        return pptx.write(content)
    if fmt == "pdf":
        from dashboard.export import pdf
        return pdf.write(content)
    if fmt == "xlsx":
        from dashboard.export import xlsx
        return xlsx.write(content)
    from dashboard.export import png
    return png.write(content, scope.tag)


def build(con: duckdb.DuckDBPyConnection, scope: Scope, fy: int, fmt: str, *,
          keys: list[str] | None = None, lang: str = "ja", unit: str = i18n.DEFAULT_UNIT,
          progress: Progress | None = None, specs: list | None = None) -> PackResult:
    """The pack as bytes. `specs` replaces the catalog (tests and custom packs)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    say = progress or (lambda fraction, text: None)
    ja = lang == "ja"
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - since, 3)
        return now

    say(0.02, "集計しています…" if ja else "Computing the figures…")
    summary = metrics.summary(con, scope, fy)
    meta = stamp.meta_for(con, scope, fy, lang, unit)
    if specs is None:
        specs = chart_specs(con, scope, fy, lang, unit, keys)
    t = lap("data", started)

    pngs: list[bytes | None] = [None] * len(specs)
    if fmt != "xlsx" and specs:
        say(0.2, f"グラフ {len(specs)} 枚を描画しています…" if ja else f"Rendering {len(specs)} charts…")
        pngs = render.render_many(stamped(specs, meta, fmt), "png", **render.PACK_SIZE)
        t = lap("render", t)

    # A caption is said once: a chart without its own reading gets none (the verdict is on the
    # title slide), and a reading repeated by a later chart is not repeated on its slide.
    said = {captions.headline(summary, lang)}
    charts = []
    for s, png in zip(specs, pngs):
        caption = captions.for_chart(s.reading, summary, lang)
        charts.append(PackChart(s.key, s.title, "" if caption in said else caption, s.table, png))
        said.add(caption)
    content = PackContent(meta, summary, charts, over=over_baseline(con, scope, fy, lang, unit))
    say(0.85, "ファイルを作成しています…" if ja else "Writing the file…")
    data = _writer(fmt, content, scope)
    lap("write", t)
    say(1.0, "完了" if ja else "Done")
    return PackResult(file_name(scope, fy, fmt), data, FORMATS[fmt][1],
                      round(time.perf_counter() - started, 3), timings, len(charts))
