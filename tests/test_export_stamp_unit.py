"""A page shown in 億円 stamps its per-chart downloads in 億円 (the stamp comes from the page
context; it used to read a session key the unit widget never wrote, so every download said
百万円). End to end: the national page at ?unit=oku, its SVG button clicked (the deferred
callable Streamlit would run), the SVG file read."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


pytestmark = pytest.mark.browser       # renders through Kaleido and Chromium


def _national_page():
    import streamlit as st
    from streamlit.runtime import Runtime

    from dashboard import session
    from dashboard.accounts import User
    from dashboard.scope import Scope
    from dashboard.ui import national
    with session.acting_as(User("tester", "local", Scope())):
        national.render()
    st.session_state["_media"] = Runtime.instance().media_file_mgr


@pytest.mark.parametrize("unit,label,other", [("oku", "億円", "百万円"), ("sen", "千円", "百万円")])
def test_the_download_stamp_carries_the_unit_the_page_shows(small_db, tmp_path, monkeypatch,
                                                            unit, label, other):
    monkeypatch.setenv("SANWARI_DB", str(small_db))
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    at = AppTest.from_function(_national_page, default_timeout=180)
    at.query_params["unit"] = unit
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.session_state["details_by_system"] = True      # open the chart's downloads expander
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    svg_buttons = [b for b in at.get("download_button") if b.proto.label == "SVG"]
    assert svg_buttons, "the national page offers per-chart downloads"
    entry = at.session_state["_media"]._deferred_callables[svg_buttons[0].proto.deferred_file_id]
    svg = entry["callable"]()
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    assert f"単位：{label}" in text
    assert f"単位：{other}" not in text
