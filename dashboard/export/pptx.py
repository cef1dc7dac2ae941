"""PPTX council pack (16:9): title slide with the verdict, who is worse off, one chart per slide
(native PowerPoint charts where python-pptx can draw them, else the rendered image) with its
reading on the slide and in the speaker notes, definitions, and the data table. Every slide
but the first uses the "Title Only" layout, so titles are real title placeholders.

python-pptx's `font.name` sets only the Latin typeface; without `<a:ea typeface=…>` on each
run PowerPoint draws the Japanese with whatever East Asian default the theme names. Every
run therefore gets both. Meiryo is on every Windows PC (where council slides are shown);
LibreOffice elsewhere substitutes through fontconfig (Noto Sans CJK JP / IPAex).
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard import i18n
from dashboard.export.content import PackContent

SLIDE_FONT = "Meiryo"
INK, MUTED, WARN = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x52, 0x60, 0x6D), RGBColor(0xB4, 0x23, 0x18)
WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)     # exactly 16:9 (13.333 x 7.5 in)
TABLE_ROWS_PER_SLIDE = 11     # 11-pt rows come out ~0.36 in tall: 12 rows end above the footer


def _font(run, size: float, bold: bool = False, color: RGBColor = INK) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    run.font.name = SLIDE_FONT
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set("typeface", SLIDE_FONT)


def _text(slide, left, top, width, height, lines, size=18, bold=False, color=INK):
    """A text box of paragraphs; `lines` items are str or (str, size, bold, color)."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        text, sz, b, c = line if isinstance(line, tuple) else (line, size, bold, color)
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(6)
        _font(paragraph.add_run(), sz, b, c)
        paragraph.runs[-1].text = text
    return frame


def _titled(prs, title: str):
    """A "Title Only" slide whose title is the real title placeholder (outline view, screen
    readers and PowerPoint's own restyling all see it), laid out for 16:9."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = Inches(0.5), Inches(0.2), Inches(12.3), Inches(0.8)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = frame.paragraphs[0].add_run()
    run.text = title
    _font(run, 26, True)
    return slide


def _notes(slide, *lines: str) -> None:
    """What the presenter says: the slide's reading, in the speaker notes."""
    text = "\n".join(line for line in lines if line)
    if text:
        slide.notes_slide.notes_text_frame.text = text


def _footer(slide, content: PackContent) -> None:
    lines = [(content.meta.source_text + (f"　データ時点：{content.meta.data_as_of}"
              if content.meta.data_as_of else ""), 10, False, MUTED)]
    if content.meta.is_demo:
        lines.append((content.meta.footer()[-1], 10, True, WARN))
    _text(slide, Inches(0.5), Inches(6.85), Inches(12.3), Inches(0.6), lines)


def _title_slide(prs, content: PackContent) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    title, body = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = Inches(0.8), Inches(0.9), Inches(11.7), Inches(1.3)
    body.left, body.top, body.width, body.height = Inches(0.8), Inches(2.3), Inches(11.7), Inches(4.3)
    frame = title.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = frame.paragraphs[0].add_run()
    run.text = content.title
    _font(run, 34, True)
    verdict, *rest = content.key_lines()
    lines = [(content.subtitle(), 20, False, MUTED), (verdict, 26, True, INK)]
    lines += [(line, 18, False, INK) for line in rest]
    lines.append((("作成 " if content.lang == "ja" else "Created ") + content.created_at, 14, False, MUTED))
    frame = body.text_frame
    frame.word_wrap = True
    for i, (text, size, bold, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.space_after = Pt(10)
        run = paragraph.add_run()
        run.text = text
        _font(run, size, bold, color)
    _notes(slide, verdict, *rest)
    _footer(slide, content)


# Charts python-pptx can draw natively (staff can restyle them): chart key → (type, category
# column position, series column positions) in the chart's table.
NATIVE = {"trajectory": (XL_CHART_TYPE.LINE_MARKERS, 0, (2, 3, 4)),
          "by_system": (XL_CHART_TYPE.BAR_CLUSTERED, 1, (2, 3))}


def _native_chart(slide, chart):
    """The chart as an editable PowerPoint chart (its graphic frame), or None where the
    kind has no native equivalent or no table."""
    spec = NATIVE.get(chart.key)
    table = chart.table
    if spec is None or table is None or table.empty:
        return None
    kind, category, series = spec
    data = CategoryChartData()
    data.categories = [str(v) for v in table.iloc[:, category]]
    for position in series:
        values = [None if v != v else round(float(v), 3) for v in table.iloc[:, position]]
        data.add_series(str(table.columns[position]), values)
    frame = slide.shapes.add_chart(kind, Inches(0.5), Inches(1.1), Inches(12.3), Inches(4.9), data)
    graph = frame.chart
    # no chart title: the slide's title names the chart (PowerPoint would otherwise title a
    # one-series chart with the series name, a second heading on the slide)
    graph.has_title = False
    graph.has_legend = True
    graph.legend.position = XL_LEGEND_POSITION.TOP
    graph.legend.include_in_layout = False
    graph.font.size = Pt(12)
    graph.font.name = SLIDE_FONT
    axis = graph.category_axis
    # Twenty system names down a 4.9-inch axis: at 11 pt LibreOffice found no room for them all.
    axis.tick_labels.font.size = Pt(9 if kind == XL_CHART_TYPE.BAR_CLUSTERED else 11)
    # Every category labelled: PowerPoint and LibreOffice otherwise skip every second name when
    # they crowd. The element must sit in its schema place (before tickMarkSkip/noMultiLvlLbl),
    # or readers ignore it (LibreOffice did, when it was appended last).
    skip = axis._element.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    axis._element.insert_element_before(skip, "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
    if kind == XL_CHART_TYPE.BAR_CLUSTERED:
        axis.reverse_order = True                    # 01 at the top, as in the table
        graph.plots[0].gap_width = 40
    return frame


def _chart_slide(prs, chart, content: PackContent) -> None:
    slide = _titled(prs, chart.title)
    shape = _native_chart(slide, chart)
    if shape is None:
        # The image already carries scope, year, unit, basis, source and notice.
        pic_h = Inches(4.95)
        pic_w = Emu(int(pic_h * 16 / 9))
        shape = slide.shapes.add_picture(io.BytesIO(chart.png), int((WIDTH - pic_w) / 2), Inches(1.05),
                                         width=pic_w, height=pic_h)
    describe(shape, chart.title, chart.caption)
    if chart.caption:
        _text(slide, Inches(0.5), Inches(6.05), Inches(12.3), Inches(0.8), [chart.caption], size=16, bold=True)
    _notes(slide, chart.caption)
    _footer(slide, content)


OVER_ROWS_PER_SLIDE = 10
OVER_MAX_ROWS = 60          # 6 slides; the XLSX holds every organization


def _over_slides(prs, content: PackContent) -> None:
    """Who is worse off, ranked by excess: one table split over as many slides as it needs."""
    full = content.over
    if full is None:
        return
    title = content.over_title()
    if full.empty:
        slide = _titled(prs, title)
        _text(slide, Inches(0.5), Inches(1.3), Inches(12.3), Inches(1), [
            "基準年度を上回る団体はありません。" if content.lang == "ja" else "No organization is over its baseline."],
            size=20)
        _footer(slide, content)
        return
    frame = content.over_rows(OVER_MAX_ROWS)
    chunks = [frame.iloc[i:i + OVER_ROWS_PER_SLIDE] for i in range(0, len(frame), OVER_ROWS_PER_SLIDE)]
    widths = [0.6, 2.9, 1.5, 1.0, 1.2, 4.1, 1.0]
    for n, chunk in enumerate(chunks, 1):
        slide = _titled(prs, title + (f"（{n}/{len(chunks)}）" if len(chunks) > 1 else ""))
        table = slide.shapes.add_table(len(chunk) + 1, len(frame.columns), Inches(0.5), Inches(1.1),
                                       Inches(12.3), Inches(0.3 * (len(chunk) + 1))).table
        for c, w in enumerate(widths[:len(frame.columns)]):
            table.columns[c].width = Inches(w)
        for c, name in enumerate(frame.columns):
            _cell(table.cell(0, c), name, 10, bold=True)
        for r, row in enumerate(chunk.itertuples(index=False), 1):
            for c, value in enumerate(row):
                _cell(table.cell(r, c), value, 10)
                if c in (0, 2, 3, 4, 6):
                    table.cell(r, c).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
            table.rows[r].height = Inches(0.3)
        notes = []
        if n == len(chunks) and len(full) > len(frame):
            more = len(full) - len(frame)
            note = (f"ほか {more:,} 団体は表計算ファイル（XLSX）に掲載。" if content.lang == "ja"
                    else f"{i18n.plural(more, 'more organization')} in the spreadsheet (XLSX).")
            _text(slide, Inches(0.5), Inches(6.4), Inches(12.3), Inches(0.4), [note], size=12, color=MUTED)
            notes.append(note)
        top = chunk.iloc[0]
        notes.insert(0, ("超過額が最も大きいのは" if content.lang == "ja" else "Largest excess: ")
                     + f"{top.iloc[1]}（{top.iloc[2]}、{top.iloc[4]}）" if n == 1 else "")
        _notes(slide, *notes)
        _footer(slide, content)


def describe(shape, title: str, reading: str) -> None:
    """Alt text of a chart, picture or native chart (what a screen reader says for it): the
    chart's reading, with its title as the alt-text title; the shape's name says which chart
    it is too."""
    element = shape._element
    holder = element.nvPicPr if hasattr(element, "nvPicPr") else element.nvGraphicFramePr
    holder.cNvPr.set("descr", reading)
    holder.cNvPr.set("title", title)
    shape.name = title[:120]


def _definitions_slide(prs, content: PackContent) -> None:
    slide = _titled(prs, "用語の定義" if content.lang == "ja" else "Definitions")
    rows = content.definitions()
    table = slide.shapes.add_table(len(rows), 2, Inches(0.5), Inches(1.2), Inches(12.3),
                                   Inches(0.55 * len(rows))).table
    table.columns[0].width, table.columns[1].width = Inches(3.0), Inches(9.3)
    for r, (term, text) in enumerate(rows):
        for c, value in enumerate((term, text)):
            _cell(table.cell(r, c), value, 13, bold=(c == 0))


def _cell(cell, value, size, bold=False) -> None:
    frame = cell.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = str(value)
    _font(run, size, bold)
    cell.margin_top = cell.margin_bottom = Pt(2)


def _table_slides(prs, content: PackContent) -> None:
    frame = content.data_table()
    title = "データ表（業務別）" if content.lang == "ja" else "Data table (by system)"
    chunks = [frame.iloc[i:i + TABLE_ROWS_PER_SLIDE] for i in range(0, len(frame), TABLE_ROWS_PER_SLIDE)]
    for n, chunk in enumerate(chunks, 1):
        slide = _titled(prs, title + (f"（{n}/{len(chunks)}）" if len(chunks) > 1 else ""))
        shape = slide.shapes.add_table(len(chunk) + 1, len(frame.columns), Inches(0.5), Inches(1.1),
                                       Inches(12.3), Inches(0.25 * (len(chunk) + 1)))
        table = shape.table
        widths = [0.9, 3.4, 2.4, 2.4, 1.5, 1.7]
        for c, w in enumerate(widths[:len(frame.columns)]):
            table.columns[c].width = Inches(w)
        for c, name in enumerate(frame.columns):
            _cell(table.cell(0, c), name, 11, bold=True)
        for r, row in enumerate(chunk.itertuples(index=False), 1):
            for c, value in enumerate(row):
                _cell(table.cell(r, c), value, 11)
                if c >= 2:
                    table.cell(r, c).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
            table.rows[r].height = Inches(0.25)
        _footer(slide, content)


def write(content: PackContent) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _title_slide(prs, content)
    _over_slides(prs, content)
    for chart in content.charts:
        _chart_slide(prs, chart, content)
    _definitions_slide(prs, content)
    _table_slides(prs, content)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
