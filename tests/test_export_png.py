"""PNG pack (zip) and per-chart images: print resolution, stamped, Japanese not tofu."""
from __future__ import annotations

import io
import zipfile

import plotly.graph_objects as go
import pytest

from export_fixtures import EXPORTS, FY, export, png_size

pytestmark = pytest.mark.browser


def test_png_zip_holds_every_chart_at_print_resolution(demo_db):
    path = export(demo_db, "national", "png", ("trajectory", "map"))
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert names == [f"01_trajectory_national_{FY}.png", f"02_map_national_{FY}.png", "captions.txt"]
        for name in names[:2]:
            assert png_size(zf.read(name)) == (3200, 1800)
        captions = zf.read("captions.txt").decode("utf-8")
    assert "全国" in captions and "架空のデモデータ" in captions


def _title_image(text: str) -> bytes:
    """Only the title drawn (no axes), so images differ only by how the text renders."""
    from dashboard.export import render
    from dashboard.charts.style import FONT_FAMILY
    fig = go.Figure(layout={"title": {"text": text, "font": {"family": FONT_FAMILY, "size": 60}},
                            "xaxis": {"visible": False}, "yaxis": {"visible": False},
                            "width": 900, "height": 200, "paper_bgcolor": "white", "plot_bgcolor": "white"})
    return render.render(fig, "png", 900, 200, 1)


def test_japanese_text_is_not_tofu():
    """With no CJK font every ideograph is the same box, so two different Japanese strings
    of the same length would render identically, and like a string of unassigned code points."""
    japanese_a = _title_image("運用経費の推移")
    japanese_b = _title_image("基準年度の比較")
    unassigned = _title_image("\u0378\u0379\u0380\u0381\u0382\u0383\u038b")
    EXPORTS.mkdir(parents=True, exist_ok=True)
    (EXPORTS / "tofu_check_japanese.png").write_bytes(japanese_a)
    (EXPORTS / "tofu_check_unassigned.png").write_bytes(unassigned)
    assert japanese_a != japanese_b
    assert japanese_a != unassigned and japanese_b != unassigned


def test_single_chart_formats():
    from dashboard.export import render, stamp
    fig = go.Figure(go.Bar(x=["住民基本台帳", "戸籍"], y=[1, 2]))
    stamped = stamp.stamp(fig, "業務別の運用経費", stamp.ExportMeta("一宮市", FY, is_demo=True))
    png, = render.render_many([stamped], "png", 1600, 900, 2)
    assert png_size(png) == (3200, 1800)
    svg = render.render(stamped, "svg", 1600, 900, 1)
    assert svg.lstrip().startswith(b"<svg") and "一宮市".encode() in svg
    pdf = render.render(stamped, "pdf", 1600, 900, 1)
    assert pdf.startswith(b"%PDF")
