"""PPTX council pack (16:9): title slide, one chart per slide with its caption, definitions,
and a closing slide with the data table.

python-pptx's `font.name` sets only the Latin typeface; without `<a:ea typeface=…>` on each
run PowerPoint draws the Japanese with whatever East Asian default the theme names. Every
run therefore gets both. Meiryo is on every Windows PC (where council slides are shown);
LibreOffice elsewhere substitutes through fontconfig (Noto Sans CJK JP / IPAex).
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard.export.content import PackContent

SLIDE_FONT = "Meiryo"
INK, MUTED, WARN = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x52, 0x60, 0x6D), RGBColor(0xB4, 0x23, 0x18)
WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)     # exactly 16:9 (13.333 x 7.5 in)
TABLE_ROWS_PER_SLIDE = 22


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


def _blank(prs):
    return prs.slides.add_slide(prs.slide_layouts[6])


def _heading(slide, text: str) -> None:
    _text(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), [text], size=28, bold=True)


def _footer(slide, content: PackContent) -> None:
    lines = [(content.meta.source_text + (f"　データ時点：{content.meta.data_as_of}"
              if content.meta.data_as_of else ""), 10, False, MUTED)]
    if content.meta.is_demo:
        lines.append((content.meta.footer()[-1], 10, True, WARN))
    _text(slide, Inches(0.5), Inches(6.85), Inches(12.3), Inches(0.6), lines)


def _title_slide(prs, content: PackContent) -> None:
    slide = _blank(prs)
    lines = [(content.title, 36, True, INK), (content.subtitle(), 22, False, MUTED), ("", 12, False, INK)]
    lines += [(line, 22, False, INK) for line in content.key_lines()]
    lines.append((("作成日 " if content.lang == "ja" else "Created ") + content.created_at, 14, False, MUTED))
    _text(slide, Inches(0.8), Inches(1.6), Inches(11.7), Inches(4.6), lines)
    _footer(slide, content)


def _chart_slide(prs, chart) -> None:
    slide = _blank(prs)
    # The image already carries title, scope, year, unit, basis, source and notice.
    pic_h = Inches(5.9)
    pic_w = Emu(int(pic_h * 16 / 9))
    picture = slide.shapes.add_picture(io.BytesIO(chart.png), int((WIDTH - pic_w) / 2), Inches(0.25),
                                       width=pic_w, height=pic_h)
    describe(picture, chart.title, chart.caption)
    _text(slide, Inches(0.8), Inches(6.3), Inches(11.7), Inches(1.0), [chart.caption], size=20, bold=True)


def describe(picture, title: str, reading: str) -> None:
    """Alt text of a picture (what a screen reader says for it): the chart's reading, with
    its title as the alt-text title; the shape's name says which chart it is too."""
    c_nv_pr = picture._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", reading)
    c_nv_pr.set("title", title)
    picture.name = title[:120]


def _definitions_slide(prs, content: PackContent) -> None:
    slide = _blank(prs)
    _heading(slide, "用語の定義" if content.lang == "ja" else "Definitions")
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
        slide = _blank(prs)
        _heading(slide, title + (f"（{n}/{len(chunks)}）" if len(chunks) > 1 else ""))
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
    for chart in content.charts:
        _chart_slide(prs, chart)
    _definitions_slide(prs, content)
    _table_slides(prs, content)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
