"""The PPTX council pack: slides, pictures, Japanese captions and East Asian fonts."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from export_fixtures import (FY, JAPANESE, PREF, PREF_CHARTS, catalog_specs, export, oku,  # noqa: F401
                             png_size, summary)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def deck(demo_db):
    path = export(demo_db, PREF, "pptx", PREF_CHARTS)
    return Presentation(str(path)), path


def _texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_slide_count_and_16_9(deck):
    prs, path = deck
    assert path.name == f"sanwari_pref35_{FY}.pptx"
    assert prs.slide_width * 9 == prs.slide_height * 16
    # title + organizations over baseline (山口県: 10 a slide) + one per chart + definitions
    # + data table (20 systems + total, 11 rows a slide: two slides; at 22 rows LibreOffice ran
    # the table into the footer)
    over = -(-summary_over(deck) // 10)
    assert len(prs.slides) == 1 + over + len(PREF_CHARTS) + 1 + 2


def summary_over(deck) -> int:
    prs, _ = deck
    title = list(prs.slides)[1].shapes.title.text_frame.text
    return int(title.split("（", 1)[1].split(" 団体")[0].replace(",", ""))


def chart_slides(deck) -> list:
    prs, _ = deck
    slides = list(prs.slides)
    first = 1 + -(-summary_over(deck) // 10)
    return slides[first:first + len(PREF_CHARTS)]


def test_one_print_resolution_picture_or_native_chart_per_chart_slide(deck):
    prs, _ = deck
    slides = list(prs.slides)
    for slide, key in zip(chart_slides(deck), PREF_CHARTS):
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        if key in ("trajectory", "by_system"):          # drawn as native PowerPoint charts
            assert not pictures and [s for s in slide.shapes if s.has_chart]
            continue
        assert len(pictures) == 1
        width, height = png_size(pictures[0].image.blob)
        assert width >= 3200 and height >= 1800
        assert abs(Emu(pictures[0].width) / Emu(pictures[0].height) - 16 / 9) < 0.01
    for slide in (slides[0], *slides[-2:]):
        assert not [s for s in slide.shapes if s.shape_type == 13]


def test_captions_are_the_charts_japanese_readings(deck, catalog_specs):
    slides = chart_slides(deck)
    for slide, spec in zip(slides, catalog_specs):
        text = _texts(slide)
        assert spec.reading in text
        assert JAPANESE.search(text)


def test_title_slide_headline_from_summary(deck, demo_db):
    prs, _ = deck
    s = summary(demo_db, PREF)
    times = s["current_yen"] / s["baseline_yen"]
    assert s["gap_to_target_yen"] > 0          # the demo's Yamaguchi is far above target
    expected = (f"山口県の令和8年度見込みは基準年度比 +{(times - 1) * 100:.1f}%（{times:.1f}倍）、"
                f"3割削減まであと{oku(s['gap_to_target_yen'])}")
    title = _texts(list(prs.slides)[0])
    assert expected in title
    assert "山口県" in title and "令和8年度 (2026)" in title
    assert "架空のデモデータ" in title


def test_definitions_and_data_table(deck, demo_db):
    prs, _ = deck
    slides = list(prs.slides)
    # the data table closes the deck, split over slides of 11 rows ("データ表（業務別）（1/2）" …);
    # the definitions slide comes just before it
    first_table = next(i for i, slide in enumerate(slides) if _texts(slide).startswith("データ表"))
    assert first_table == len(slides) - 2                     # 20 operations + total: two slides
    text = _texts(slides[first_table - 1])
    for term in ("基準年度", "比較可能な範囲（カバレッジ）", "基準年度比", "3割削減", "平成30年度 (2018)"):
        assert term in text
    s = summary(demo_db, PREF)
    rows = "\n".join(_texts(slide) for slide in slides[first_table:])
    assert "合計" in rows
    assert f"{s['baseline_yen'] / 1_000_000:,.0f}" in rows     # 百万円, the default unit
    assert f"{s['current_yen'] / 1_000_000:,.0f}" in rows


def test_every_run_names_an_east_asian_font(deck):
    prs, _ = deck
    runs = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        runs += 1
                        ea = run._r.find(qn("a:rPr")).find(qn("a:ea"))
                        assert ea is not None and ea.get("typeface"), run.text
    assert runs > 50
