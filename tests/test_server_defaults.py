"""Finding 12: a browser's "clear cache" message must not empty every user's cache."""
from __future__ import annotations

from types import SimpleNamespace

import streamlit as st
from streamlit.runtime.app_session import AppSession

from dashboard.ui import web


def test_a_browsers_clear_cache_request_leaves_the_shared_cache(monkeypatch):
    """Streamlit's own handler, as the server runs it, keeps st.cache_data entries."""
    monkeypatch.delenv("SANWARI_DEV", raising=False)
    computed = []

    @st.cache_data
    def figure(x: int) -> int:
        computed.append(x)
        return x

    figure(1)
    web.ignore_clear_cache()
    session = SimpleNamespace(_session_state={})
    AppSession._handle_clear_cache_request(session)      # what a clear_cache BackMsg calls
    figure(1)
    assert computed == [1]
