"""The council pack gains the scenario comparison, the tornado and the net-burden charts:
stamped with the scenario names and lever values, Japanese text rendered (no tofu).

No tofu is checked twice: every character the three stamped charts draw is in the character
map of the font fontconfig gives Chromium for the charts' family (a missing one would be a
box), and the rendered PNG differs from the same chart with its Japanese replaced by
unassigned code points (what no CJK font would draw)."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import pytest
from pptx import Presentation

from export_fixtures import EXPORTS, JAPANESE, cli, export, nfkc

pytestmark = pytest.mark.browser
KEYS = ("scenario_comparison", "scenario_tornado", "scenario_net_burden")
# the chart titles are drawn into the stamped images; the captions are text
CAPTIONS = ("令和12年度（2030）の基準年度比", "令和12年度の削減率を最も動かすのは", "財源を差し引いた実質負担")


@pytest.fixture(scope="module")
def db(demo_db, tmp_path_factory):
    """A copy of the demo with one saved scenario for 山口県 (so the pack compares two)."""
    folder = tmp_path_factory.mktemp("scenario_export")
    path = folder / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    levers = folder / "levers.json"
    levers.write_text(json.dumps({"fx": 160, "vendor_price": 10}))
    out = cli("scenario", "save", "--db", path, "--scope", "pref:35", "--levers", levers, "--name", "円安と値上げ")
    assert out.returncode == 0, out.stderr
    return path


def test_pptx_holds_the_three_charts_stamped(db):
    prs = Presentation(str(export(db, "pref:35", "pptx", KEYS)))
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in prs.slides]
    for caption in CAPTIONS:
        slide = next(t for t in texts if caption in t)
        assert "シナリオ: 見込みどおり（全レバー中立）" in slide
        if "動かす" not in caption:          # the tornado is the edited (first) scenario's
            assert "円安と値上げ" in slide and "為替 ¥160" in slide and "価格改定 +10%/年" in slide
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= 3


def test_pdf_embeds_a_japanese_font_and_says_the_names(db):
    path = export(db, "pref:35", "pdf", KEYS)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"(Noto|IPAex).*\byes\b", fonts), fonts
    text = nfkc(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout)
    flat = re.sub(r"\s+", "", text)
    for caption in CAPTIONS:
        assert re.sub(r"\s+", "", nfkc(caption)) in flat
    assert "円安と値上げ" in flat


def _without_cjk(fig):
    """The same figure with every Japanese character replaced by an unassigned code point,
    which renders as the missing-glyph box: what the chart would look like with no CJK font."""
    spec = json.loads(fig.to_json())
    box = lambda s: JAPANESE.sub("\u0378", s) if isinstance(s, str) else s  # noqa: E731

    def walk(node):
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return box(node)
    import plotly.graph_objects as go
    return go.Figure(walk(spec))


def _stamped_charts(db):
    from dashboard import catalog, store
    from dashboard.export import stamp
    from dashboard.scope import Scope
    scope = Scope.parse("pref:35")
    with store.reader(db) as con:
        specs = catalog.chart_specs(con, scope, 2030, keys=list(KEYS))
        meta = stamp.meta_for(con, scope, 2030, "ja", "hyakuman")
    assert [s.key for s in specs] == list(KEYS)
    return specs, [stamp.stamp(spec.figure, spec.title, meta) for spec in specs]


def _strings(node):
    """Every string in a figure spec (titles, annotations, stamps, tick texts, trace names,
    hover texts): more than is drawn, so the check below is if anything too strict."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def test_every_character_of_the_three_charts_has_a_glyph(db):
    from fontTools.ttLib import TTFont
    _specs, figures = _stamped_charts(db)
    for fig in figures:
        family = (fig.layout.font.family or fig.layout.template.layout.font.family).split(",")[0].strip()
        out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", family],
                             capture_output=True, text=True, check=True).stdout
        path, index, matched = out.split("|")
        assert family in matched.split(","), f"fontconfig gives {matched} for {family}: not installed"
        cmap = TTFont(path, fontNumber=int(index or 0), lazy=True).getBestCmap()
        text = "".join(re.sub(r"<[^>]+>", "", s) for s in _strings(json.loads(fig.to_json())))
        drawn = {ch for ch in text if ord(ch) > 0x7E}
        assert JAPANESE.search("".join(drawn)), "no Japanese in the chart: nothing was checked"
        missing = sorted(ch for ch in drawn if ord(ch) not in cmap)
        assert not missing, f"{fig.layout.title.text}: no glyph in {path} for {missing}"


def test_japanese_in_the_three_charts_is_not_tofu(db):
    from dashboard.export import render
    specs, stamped_all = _stamped_charts(db)
    figures = []
    for stamped in stamped_all:
        assert JAPANESE.search(json.dumps(stamped.to_plotly_json(), ensure_ascii=False, default=str))
        figures += [stamped, _without_cjk(stamped)]
    pngs = render.render_many(figures, "png", 1600, 900, 1)
    EXPORTS.mkdir(parents=True, exist_ok=True)
    for spec, real, boxed in zip(specs, pngs[::2], pngs[1::2]):
        (EXPORTS / f"{spec.key}.png").write_bytes(real)
        assert real != boxed, f"{spec.key}: Japanese renders like missing glyphs"
    assert all(io.BytesIO(p).read(8) == b"\x89PNG\r\n\x1a\n" for p in pngs)
