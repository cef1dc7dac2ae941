"""No label collides or is clipped in an exported chart: every chart a page offers for download
(1600 x 900, stamped with its title) and every chart of the pack (1280 x 720: titled as loose
PNGs, untitled on slides and handout pages), for the national, a prefecture and an organization
scope, in Japanese and English. Each is rendered to SVG by Kaleido as the product renders it,
opened in Debian's Chromium, and its text boxes are checked (tests/overlap.py), as the page
test does for the live charts (tests/test_label_overlap.py)."""
from __future__ import annotations

import os

import pytest

from tests.bench.appserver import CHROMIUM, CHROMIUM_ARGS
from tests.overlap import COLLECT, exports, problems

pytestmark = pytest.mark.browser
SCOPES = ("national", "pref:35", "org:352012")


@pytest.fixture(scope="module")
def page():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is not installed (make setup installs it)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


CASES = [(scope, lang, size) for scope in SCOPES for lang in ("ja", "en")
         for size in ("PRINT_SIZE", "PACK_SIZE")]


@pytest.mark.parametrize("scope_text,lang,size_name", CASES)
def test_no_label_collides_in_an_exported_svg(demo_db, page, tmp_path, scope_text, lang, size_name):
    from dashboard import store
    from dashboard.export import render
    with store.reader(demo_db) as con:
        figures = exports(con, scope_text, 2026, lang, size_name)
    assert len(figures) >= 8                 # every scope has at least the core charts
    size = getattr(render, size_name)
    svgs = render.render_many([f for _, f in figures], "svg", **size)
    found, texts = [], 0
    for n, ((name, _), svg) in enumerate(zip(figures, svgs)):
        path = tmp_path / f"{n:02d}.svg"
        path.write_bytes(svg)
        page.goto(path.as_uri())
        measured = page.evaluate(f"() => ({COLLECT})(document.documentElement)")
        assert abs(measured["width"] - size["width"] * size["scale"]) < 2, name   # the export size, scaled
        texts += len(measured["boxes"])
        if name.startswith("top_drivers"):     # the factor slide labels every bar, none skipped
            ticks = [b for b in measured["boxes"] if b["role"] == "ytick"]
            bars = [t for t in figures[n][1].data for _ in t.y]
            assert len(ticks) == len(bars), (name, [b["text"] for b in ticks])
        found += problems(measured, f"{scope_text} {lang} {size_name} {name}")
    assert texts > 20 * len(figures) // 2      # the checker saw the labels (not an empty drawing)
    assert found == [], "\n".join(found)
