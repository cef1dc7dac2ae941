"""PDF handout (A4 landscape): the same content as the slides, with the Japanese font embedded.

fpdf2 embeds (subsets) TrueType fonts, including the Noto CJK collection (.ttc); reportlab
could not load the .ttc and its CID fonts are not embedded (platform-notes.md), so a handout
printed on another PC would lose its glyphs. Tables go through fpdf2's table(), which breaks
across pages and repeats the header row, so no row is ever cut off.
"""
from __future__ import annotations

import io
import re
import subprocess
from functools import lru_cache

from fpdf import FPDF, ViewerPreferences
from fpdf.fonts import FontFace

from dashboard import i18n
from dashboard.export.content import PackContent

OVER_MAX_ROWS = 100       # the XLSX holds every organization

FONT = "jp"
INK, MUTED, WARN = (31, 41, 51), (82, 96, 109), (180, 35, 24)
# Preference: Noto Sans CJK JP (has a bold face), then IPAex Gothic (regular only).
WANTED = (("Noto Sans CJK JP", "Regular"), ("Noto Sans CJK JP", "Bold"),
          ("IPAexGothic", "Regular"))


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def japanese_fonts() -> dict[str, tuple[str, int]]:
    """{'': (file, index), 'B': (file, index)} of a Japanese font found through fontconfig."""
    try:
        out = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{family}|%{style}\n", ":lang=ja"],
                             capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    found = {}
    for line in out.splitlines():
        path, index, families, styles = (line.split("|") + ["", "", "", ""])[:4]
        for family, style in WANTED:
            if family in families.split(",") and style in styles.split(","):
                found.setdefault((family, style), (path, int(index or 0)))
    if ("Noto Sans CJK JP", "Regular") in found:
        regular = found[("Noto Sans CJK JP", "Regular")]
        return {"": regular, "B": found.get(("Noto Sans CJK JP", "Bold"), regular)}
    if ("IPAexGothic", "Regular") in found:
        ipa = found[("IPAexGothic", "Regular")]
        return {"": ipa, "B": ipa}
    raise FontMissing("PDF に埋め込む日本語フォントがありません（fonts-noto-cjk または "
                      "fonts-ipaexfont-gothic を導入してください） / no Japanese font to embed "
                      "in the PDF: install fonts-noto-cjk or fonts-ipaexfont-gothic")


# 禁則: characters that may not start a line (closing brackets, punctuation, small kana,
# the prolonged sound mark) and that may not end one (opening brackets).
NO_START = set("、。，．,.：:；;？！?!）)」』】〕〉》］]｝}ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・%％")
NO_END = set("（(「『【〔〈《［[｛{")
TOKEN = re.compile(r"[A-Za-z0-9.,%+\-−:/#=×÷]+|\s+|.", re.S)


def kinsoku_lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """Wrap `text` to `width` with the current font: Latin words and numbers stay whole, no line
    starts with a NO_START character (the last character moves down with it: 追い出し) and no
    line ends with an opening bracket."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for token in TOKEN.findall(paragraph):
            if not line or pdf.get_string_width(line + token) <= width:
                line += token
                continue
            if token.isspace():
                lines.append(line)
                line = ""
                continue
            carry = ""
            while line and (token[0] in NO_START or line[-1] in NO_END) and len(carry) < 3:
                carry, line = line[-1] + carry, line[:-1]
                if line and line[-1] not in NO_END and (carry[0] not in NO_START):
                    break
            lines.append(line.rstrip())
            line = carry + token
        lines.append(line)
    return lines


def wrap_cell(pdf: FPDF, text: str, width: float) -> str:
    """A table cell's text pre-wrapped by kinsoku_lines (cell padding allowed for)."""
    return "\n".join(kinsoku_lines(pdf, text, max(width - 2.5, 5)))


class Handout(FPDF):
    def __init__(self, content: PackContent):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.content = content
        for style, (path, index) in japanese_fonts().items():
            self.add_font(FONT, style, path, collection_font_number=index)
        self.set_auto_page_break(True, margin=16)
        self.set_margins(12, 10, 12)
        self.set_title(f"{content.title} — {content.subtitle()}")   # says which scope and year
        self.set_creator("Sanwari")
        # Accessibility metadata fpdf2 can write: document language (screen readers pick the
        # voice), the title shown instead of the file name, and (below) one bookmark per page
        # and a tagged /Figure with alternative text per chart. fpdf2 does not tag text runs
        # as paragraphs; the text itself is real, selectable and searchable text.
        self.set_lang("en" if content.lang == "en" else "ja")
        self.set_subject(content.subtitle())
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)

    def footer(self):
        meta = self.content.meta
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        as_of = f"　データ時点：{meta.data_as_of}" if meta.data_as_of and meta.lang == "ja" else \
            (f"  Data as of {meta.data_as_of}" if meta.data_as_of else "")
        self.cell(0, 4, meta.source_text + as_of, new_x="LMARGIN", new_y="NEXT")
        if meta.is_demo:
            self.set_text_color(*WARN)
            self.cell(200, 4, meta.footer()[-1])
        self.set_text_color(*MUTED)
        self.set_xy(-40, -9)
        self.cell(28, 4, f"{self.page_no()} / {{nb}}", align="R")

    def text_block(self, text: str, size: float, style: str = "", color=INK, h: float | None = None):
        """Left-aligned, wrapped by the Japanese line-breaking rules (fpdf2's multi_cell
        justifies and breaks anywhere: wide gaps, and a line may start with 」 or 、)."""
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        width = self.w - self.l_margin - self.r_margin
        for line in kinsoku_lines(self, text, width):
            self.cell(0, h or size * 0.55, line, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str):
        self.text_block(text, 18, "B")
        self.ln(3)


def alt_text(chart) -> str:
    """A chart image's text alternative: its title and its one-sentence reading."""
    return f"{chart.title}: {chart.caption}"


def _title_page(pdf: Handout, c: PackContent) -> None:
    pdf.add_page()
    pdf.start_section(c.title)
    pdf.set_y(45)
    pdf.text_block(c.title, 26, "B", h=13)
    pdf.ln(2)
    pdf.text_block(c.subtitle(), 15, color=MUTED)
    pdf.ln(8)
    for line in c.key_lines():
        pdf.text_block(line, 15)
        pdf.ln(2)
    pdf.ln(6)
    pdf.text_block(("作成日 " if c.lang == "ja" else "Created ") + c.created_at, 11, color=MUTED)


def _chart_pages(pdf: Handout, c: PackContent) -> None:
    # The title is the page's heading (real text), not drawn into the image as well; the
    # image is narrowed to keep heading, chart and a two-line caption above the footer.
    width = 250                                             # mm of the 273 between margins
    for chart in c.charts:
        pdf.add_page()
        pdf.start_section(chart.title, level=1)
        pdf.heading(chart.title)
        top = pdf.get_y()
        pdf.image(io.BytesIO(chart.png), x=pdf.l_margin, y=top, w=width, h=width * 9 / 16,
                  alt_text=alt_text(chart))
        pdf.set_y(top + width * 9 / 16 + 4)
        if chart.caption:
            pdf.text_block(chart.caption, 14, "B")


def _table(pdf: Handout, header: list[str], rows: list[list[str]], widths: tuple,
           align: tuple, size: float = 10) -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*INK)
    heading = FontFace(family=FONT, emphasis="BOLD", fill_color=(230, 234, 238))
    scale = (pdf.w - pdf.l_margin - pdf.r_margin) / sum(widths)
    with pdf.table(col_widths=widths, text_align=align, headings_style=heading,
                   repeat_headings=1, line_height=size * 0.6, first_row_as_headings=True) as table:
        for row in [header, *rows]:
            cells = table.row()
            for value, width in zip(row, widths):
                cells.cell(wrap_cell(pdf, str(value), width * scale))


def _over_pages(pdf: Handout, c: PackContent) -> None:
    """Who is worse off, ranked by excess; the table runs over as many pages as it needs."""
    if c.over is None:
        return
    pdf.add_page()
    pdf.heading(c.over_title())
    if c.over.empty:
        pdf.text_block("基準年度を上回る団体はありません。" if c.lang == "ja" else
                       "No organization is over its baseline.", 12)
        return
    frame = c.over_rows(OVER_MAX_ROWS)
    _table(pdf, list(frame.columns), frame.values.tolist(), (12, 62, 30, 22, 28, 98, 21),
           ("RIGHT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "RIGHT"), 9.5)
    if len(c.over) > len(frame):
        more = len(c.over) - len(frame)
        pdf.ln(2)
        pdf.text_block(f"ほか {more:,} 団体は表計算ファイル（XLSX）に掲載。" if c.lang == "ja" else
                       f"{i18n.plural(more, 'more organization')} in the spreadsheet (XLSX).", 10, color=MUTED)


def _definitions_page(pdf: Handout, c: PackContent) -> None:
    pdf.add_page()
    pdf.start_section("用語の定義" if c.lang == "ja" else "Definitions", level=1)
    pdf.heading("用語の定義" if c.lang == "ja" else "Definitions")
    header = ["用語", "定義"] if c.lang == "ja" else ["Term", "Definition"]
    _table(pdf, header, [list(r) for r in c.definitions()], (55, 218), ("LEFT", "LEFT"), 11)


def _data_pages(pdf: Handout, c: PackContent) -> None:
    frame = c.data_table()
    pdf.add_page()
    pdf.start_section("データ表（業務別）" if c.lang == "ja" else "Data table (by system)", level=1)
    pdf.heading("データ表（業務別）" if c.lang == "ja" else "Data table (by system)")
    _table(pdf, list(frame.columns), frame.astype(str).values.tolist(), (18, 75, 50, 50, 35, 45),
           ("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"))


def write(content: PackContent) -> bytes:
    pdf = Handout(content)
    _title_page(pdf, content)
    _over_pages(pdf, content)
    _chart_pages(pdf, content)
    _definitions_page(pdf, content)
    _data_pages(pdf, content)
    return bytes(pdf.output())
