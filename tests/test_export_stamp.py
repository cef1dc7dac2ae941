"""The stamp, the captions and the can-export check (no browser needed)."""
from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.export import captions, render, stamp


def _summary(baseline, current, fy=2026, basis="projected"):
    target = 7 * baseline // 10
    return {"fiscal_year": fy, "baseline_yen": baseline, "current_yen": current,
            "gap_to_target_yen": current - target, "basis": basis, "orgs_reporting": 3,
            "orgs_in_scope": 4, "pairs_matched": 50, "orgs_over_baseline": 2, "orgs_on_target": 1}


def test_headline_worked_by_hand():
    # baseline 10億円, current 21億円: +110.0% (2.1倍); target 7億円, so 14.0億円 still to cut
    assert captions.headline(_summary(1_000_000_000, 2_100_000_000)) == \
        "令和8年度見込みの運用経費は基準年度比 +110.0%（2.1倍）、3割削減まであと14.0億円"
    assert captions.headline(_summary(1_000_000_000, 2_100_000_000), who="山口県") == \
        "山口県の令和8年度見込みは基準年度比 +110.0%（2.1倍）、3割削減まであと14.0億円"
    # baseline 10億円, current 6.5億円 (actual): −35.0%; target 7億円 reached by 5,000万円 = 50百万円
    assert captions.headline(_summary(1_000_000_000, 650_000_000, 2024, "actual")) == \
        "令和6年度実績の運用経費は基準年度比 \u221235.0%（0.65倍）、3割削減を達成（目標を50百万円下回る）"
    assert "比較できるデータがありません" in captions.headline(_summary(0, 0))
    assert captions.headline(_summary(1_000_000_000, 2_100_000_000), "en").startswith(
        "FY2026 (projected): operating costs +110.0% vs FY2018 (2.1x)")


def test_caption_prefers_the_charts_reading():
    s = _summary(1_000_000_000, 2_100_000_000)
    assert captions.for_chart("介護保険が最も増えた。", s) == "介護保険が最も増えた。"
    assert captions.for_chart("", s) == captions.headline(s)


@pytest.mark.parametrize("basis, label", [("actual", "実績"), ("projected", "見込（予算・見積）")])
def test_stamp_draws_every_context_item_into_the_figure(basis, label):
    fig = go.Figure(go.Bar(x=["住民基本台帳", "戸籍"], y=[1, 2]))
    fig.add_annotation(text="斜線は新規", xref="paper", yref="paper", x=0, y=-0.2)
    meta = stamp.ExportMeta("山口県", 2026, "oku", basis, "2025-06-02 10:15", True)
    out = stamp.stamp(fig, "業務別の運用経費", meta).to_dict()["layout"]
    assert "業務別の運用経費" in out["title"]["text"]
    subtitle = out["title"]["subtitle"]["text"]
    for part in ("山口県", "令和8年度 (2026)", "億円", label):
        assert part in subtitle
    footer = [a["text"] for a in out["annotations"]]
    assert any("データ時点：2025-06-02 10:15" in t and "出典" in t for t in footer)
    assert any("架空のデモデータ" in t for t in footer)
    assert any(t == "注：斜線は新規" for t in footer)          # moved out of the way of the footer
    assert out["font"]["family"].startswith("Noto Sans CJK JP")
    assert out["font"]["size"] >= 18                           # projector size
    assert (out["width"], out["height"]) == (1600, 900)
    assert fig.layout.title.text is None                       # the original is untouched


def test_stamp_without_demo_has_no_notice():
    out = stamp.stamp(go.Figure(), "t", stamp.ExportMeta("全国", 2019)).to_dict()["layout"]
    assert not any("架空" in a["text"] for a in out["annotations"])
    assert "令和元年度 (2019)" in out["title"]["subtitle"]["text"]


def test_can_export_explains_a_missing_browser(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    try:
        check = render.can_export(refresh=True)
        assert not check
        assert "/nonexistent/chromium" in check.reason_ja and "Chromium" in check.reason_en
        with pytest.raises(render.ExportUnavailable):
            render.render_many([go.Figure()])
    finally:
        monkeypatch.undo()
        render.can_export(refresh=True)


def test_can_export_explains_a_missing_font(tmp_path):
    """A fontconfig that knows no fonts (as on a machine without fonts-noto-cjk)."""
    import subprocess
    import sys
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>')
    code = ("from dashboard.export import render; c = render.can_export(); "
            "print(c.ok); print(c.reason_ja); print(c.reason_en)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "FONTCONFIG_FILE": str(conf)},
                         cwd=__import__("pathlib").Path(__file__).resolve().parent.parent).stdout
    ok, reason_ja, reason_en = out.splitlines()[:3]
    assert ok == "False" and "日本語フォント" in reason_ja and "fonts-noto-cjk" in reason_en


def test_pack_images_leave_the_title_to_the_slide():
    """On a slide or handout page the chart's title is the page's own heading: the image keeps
    the context line (scope, year, unit, basis) but not the title, so it is not printed twice.
    Loose PNGs travel without a page and keep it."""
    from dashboard.catalog import ChartSpec
    from dashboard.export import pack
    meta = stamp.ExportMeta("山口県", 2026, "hyakuman", "projected", "", True)
    spec = ChartSpec("by_system", "業務別の基準年度比", go.Figure(go.Bar(x=["戸籍"], y=[1])), "", None)
    for fmt in ("pptx", "pdf"):
        layout = pack.stamped([spec], meta, fmt)[0].to_dict()["layout"]
        assert "業務別の基準年度比" not in str(layout)
        assert layout["title"]["text"] == "山口県｜令和8年度 (2026)｜単位：百万円｜区分：見込（予算・見積）"
        assert (layout["width"], layout["height"]) == (1280, 720)
    layout = pack.stamped([spec], meta, "png")[0].to_dict()["layout"]
    assert layout["title"]["text"] == "<b>業務別の基準年度比</b>"
    # the untitled image gives the saved title line to the plot
    assert layout["margin"]["t"] - pack.stamped([spec], meta, "pptx")[0].layout.margin.t == 44
