"""The pack as a council's PC would show it: LibreOffice opens the PPTX headless and prints it
to PDF (a file that needed repair would fail to convert or lose slides), and every slide and
every handout page is rendered to PNG under tests/artifacts/pack/ to be looked at.

Also checks the handout's Japanese line breaking (禁則): no line starts with 」 ） 、 。.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest
from pptx import Presentation
from pypdf import PdfReader

from export_fixtures import FY, PREF, export, nfkc, summary

pytestmark = pytest.mark.browser
CHARTS = ("trajectory", "by_system", "municipalities", "waterfall", "top_drivers")
NO_LINE_START = tuple("」）)、。，")


@pytest.fixture(scope="module")
def pack_dir(artifacts):
    out = artifacts / "pack"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out


@pytest.fixture(scope="module")
def deck(demo_db):
    return export(demo_db, PREF, "pptx", CHARTS)


@pytest.fixture(scope="module")
def handout(demo_db):
    return export(demo_db, PREF, "pdf", CHARTS)


def test_libreoffice_opens_the_pptx_without_repair(deck, pack_dir, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: `make setup` installs libreoffice-impress from Debian"
    profile = tmp_path / "lo-profile"           # a private profile: parallel runs do not collide
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
                            capture_output=True, text=True, timeout=600)
    printed = tmp_path / (deck.stem + ".pdf")
    assert result.returncode == 0 and printed.is_file(), result.stderr
    slides = len(Presentation(str(deck)).slides)
    assert len(PdfReader(str(printed)).pages) == slides       # nothing dropped
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(printed), str(pack_dir / "slide")], check=True)
    assert len(list(pack_dir.glob("slide-*.png"))) == slides
    text = nfkc(subprocess.run(["pdftotext", "-layout", str(printed), "-"], capture_output=True,
                               text=True, check=True).stdout)
    assert "山口県" in text and "基準年度を上回る団体" in text
    _nothing_runs_into_the_footer(printed)


def _nothing_runs_into_the_footer(printed) -> None:
    """As LibreOffice laid the slides out (real row heights, not the ones python-pptx asked for),
    no two words on a slide overlap and none runs off the page: a table too long for its slide
    writes its last rows over the footer (the 22-row data table did)."""
    import re
    html = subprocess.run(["pdftotext", "-bbox", str(printed), "-"], capture_output=True, text=True,
                          check=True).stdout
    found = []
    for n, page in enumerate(html.split("<page ")[1:], 1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        words = [tuple(map(float, box)) + (w,) for *box, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
        found += [(n, w[4], "off the page") for w in words if w[3] > height + 1]
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                # poppler's word boxes span the font's full ascent and descent (about 1.45 em
                # for Noto CJK), more than the line pitch, so the boxes of two wrapped lines
                # overlap by a few points; text drawn over text overlaps by far more. Count a
                # pair when they share over 1 pt across and 40% of the smaller box's height.
                shared_y = min(a[3], b[3]) - max(a[1], b[1])
                if min(a[2], b[2]) - max(a[0], b[0]) > 1 and \
                        shared_y > 0.4 * min(a[3] - a[1], b[3] - b[1]):
                    found.append((n, a[4], b[4]))
    assert found == [], found[:20]


def test_native_charts_label_every_category(deck):
    """tickLblSkip=1 in its schema place (LibreOffice ignored it when appended last and labelled
    every second operation), so all 20 operation names show."""
    from pptx.oxml.ns import qn
    bars = [sh.chart for sl in Presentation(str(deck)).slides for sh in sl.shapes
            if sh.has_chart and sh.chart.chart_type is not None and "BAR" in str(sh.chart.chart_type)]
    assert bars
    for chart in bars:
        axis = chart.category_axis._element
        tags = [child.tag for child in axis]
        skip = axis.find(qn("c:tickLblSkip"))
        assert skip is not None and skip.get("val") == "1"
        for later in ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst"):
            if qn(later) in tags:
                assert tags.index(qn("c:tickLblSkip")) < tags.index(qn(later))
        assert len(chart.plots[0].categories) == 20


def test_slides_have_titles_notes_and_the_verdict(deck, demo_db):
    prs = Presentation(str(deck))
    slides = list(prs.slides)
    s = summary(demo_db, PREF)
    change = (s["current_yen"] / s["baseline_yen"] - 1) * 100
    title = slides[0]
    assert title.shapes.title.text_frame.text.startswith("標準化対象20業務")
    body = " ".join(sh.text_frame.text for sh in title.placeholders if sh.has_text_frame)
    assert f"山口県の令和8年度見込みは基準年度比 +{change:.1f}%" in body
    for slide in slides[1:]:
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text, "a real title placeholder"
    chart_slides = [sl for sl in slides if sl.shapes.title.text_frame.text in
                    ("運用経費の推移（平成30年度〜令和12年度）", "業務別の基準年度比")]
    assert len(chart_slides) == 2
    for slide in chart_slides:
        assert any(sh.has_chart for sh in slide.shapes), "bar and line charts are native"
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    over = [sl for sl in slides if sl.shapes.title.text_frame.text.startswith("基準年度を上回る団体")]
    assert over, "the ranked over-baseline table is in the pack"
    captions = [sh.text_frame.text for sl in slides[1:] for sh in sl.shapes
                if sh.has_text_frame and not sh.is_placeholder and sh.text_frame.text.startswith(("令和", "20 "))]
    assert len(captions) == len(set(captions)), "no caption repeated"


def test_handout_pages_are_rendered_and_keep_kinsoku(handout, pack_dir):
    pages = len(PdfReader(str(handout)).pages)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(handout), str(pack_dir / "handout")], check=True)
    assert len(list(pack_dir.glob("handout-*.png"))) == pages
    text = nfkc(subprocess.run(["pdftotext", str(handout), "-"], capture_output=True, text=True,
                               check=True).stdout)
    assert "基準年度を上回る団体" in text
    starts = [line for line in text.splitlines() if line.strip().startswith(NO_LINE_START)]
    assert starts == []


def test_the_factor_slide_names_the_top_drivers_once(deck, demo_db):
    """The factor slide is the top-drivers bar chart (not the 28 x 20 heatmap): its title is the
    slide's title placeholder and nowhere else on the slide, and its reading (notes, alt text)
    names the largest factor of 山口県 as summary --json and drivers.csv give it."""
    import csv

    from export_fixtures import ROOT
    with open(ROOT / "data" / "reference" / "drivers.csv", encoding="utf-8") as f:
        ref = {r["driver_code"]: r for r in csv.DictReader(f)}
    amounts = {d["driver"]: d["amount_yen"] for d in summary(demo_db, PREF)["by_driver"]}
    factors = [c for c, r in ref.items() if r["is_countermeasure"] == "false" and amounts.get(c)]
    first = min(factors, key=lambda c: (-abs(amounts[c]), int(ref[c]["sort_order"])))
    said = f"最大の要因は「{ref[first]['name_ja']}」（{amounts[first] / 1_000_000:,.0f} 百万円）です。"
    title = "主な増加要因（上位8要因）"
    slides = [sl for sl in Presentation(str(deck)).slides if sl.shapes.title.text_frame.text == title]
    assert len(slides) == 1
    slide = slides[0]
    assert said in slide.notes_slide.notes_text_frame.text
    pictures = [sh for sh in slide.shapes if sh.shape_type == 13]
    assert len(pictures) == 1 and said in pictures[0]._element.nvPicPr.cNvPr.get("descr")
    others = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and not sh.is_placeholder]
    assert not any(title in text for text in others)
    assert not any("要因・対策 × 業務" in sl.shapes.title.text_frame.text for sl in Presentation(str(deck)).slides)
