"""Per-chart download buttons: three buttons, files made only on click, a note when impossible."""
from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from export_fixtures import FY, png_size

pytestmark = pytest.mark.browser


def _page():
    import plotly.graph_objects as go
    import streamlit as st
    from dashboard.export import render
    from dashboard.ui import downloads as buttons
    from dashboard.export.stamp import ExportMeta
    from dashboard.scope import Scope

    class Spec:
        key, title, reading = "by_system", "業務別の基準年度比", "読み"
        figure = go.Figure(go.Bar(x=["住民基本台帳"], y=[1]))
        empty = False
    render.can_export(refresh=True)
    buttons.chart_downloads(Spec(), Scope.parse("pref:35"), 2026, "ja", "hyakuman",
                            meta=ExportMeta("山口県", 2026, is_demo=True))
    st.write("end")


def _run(env: dict) -> AppTest:
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        at = AppTest.from_function(_page, default_timeout=60)
        at.run()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        from dashboard.export import render
        render.can_export(refresh=True)
    assert not at.exception
    return at


def test_three_buttons_and_nothing_rendered_before_a_click():
    at = _run({})
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert labels == ["PNG", "SVG", "PDF"]
    names = [b.proto.deferred_file_id or b.proto.url for b in buttons]
    assert all(isinstance(n, str) for n in names)


def test_a_server_without_chromium_says_what_is_missing():
    at = _run({"BROWSER_PATH": "/nonexistent/chromium"})
    assert not at.get("download_button")
    text = " ".join(c.value for c in at.caption)
    assert "Chromium" in text and "/nonexistent/chromium" in text


def test_the_deferred_callable_makes_a_stamped_print_png():
    """The PNG a click makes is 3200x1800 and the SVG carries the scope and the 和暦 year."""
    import plotly.graph_objects as go
    from dashboard.ui import downloads as buttons
    from dashboard.export.stamp import ExportMeta

    class Spec:
        key, title = "by_system", "業務別の基準年度比"
        figure = go.Figure(go.Bar(x=["住民基本台帳"], y=[1]))
    assert png_size(buttons._maker(Spec(), ExportMeta("山口県", FY), "png")()) == (3200, 1800)
    svg = buttons._maker(Spec(), ExportMeta("山口県", FY), "svg")()
    assert "山口県".encode() in svg and "令和8年度".encode() in svg


def test_without_the_guard_the_click_is_audited_as_the_user_it_was_offered_to(tmp_path, monkeypatch):
    """Served by Streamlit itself (no guard), the deferred file still writes one audit line as its user."""
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    import json
    from dashboard.ui.deliver import Deliverable
    item = Deliverable(lambda: "a,b\n", "t.csv", "text/csv", "tester", "pref:35", None)
    assert item() == b"a,b\n"
    entries = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [(e["action"], e["who"], e["scope"], e["target"], e["detail"]["bytes"]) for e in entries] == \
        [("download", "tester", "pref:35", "t.csv", 4)]
