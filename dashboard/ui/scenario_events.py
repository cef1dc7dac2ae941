"""The scenario page's form for adding a timeline event (national and prefecture users)."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import access, session, store, views
from dashboard.charts.events import KIND
from dashboard.config import database_path
from dashboard.ui.common import tr
from dashboard.scenario import events
from dashboard.scope import Scope


def form(lang: str, scope: Scope) -> None:
    user = session.current_user()
    if user is None or user.anonymous or user.scope.kind == "org" or scope.kind == "org":
        return
    with st.expander(tr("出来事を追加（グラフの目印）", "Add an event (marker on the charts)", lang)):
        date = st.date_input(tr("日付", "Date", lang), value=dt.date.today(), key="ev_date")
        kind = st.selectbox(tr("種別", "Kind", lang), list(KIND), key="ev_kind",
                            format_func=lambda k: KIND[k][lang == "en"])
        title_ja = st.text_input("件名（日本語）", key="ev_title_ja", max_chars=120)
        title_en = st.text_input("Title (English)", key="ev_title_en", max_chars=120)
        st.caption(tr(f"範囲: {scope.label('ja')}", f"Scope: {scope.label('en')}", lang))
        if st.button(tr("追加する", "Add", lang), key="ev_add"):
            try:
                events.add(database_path(), scope, date, kind, title_ja, title_en, author=user.id, user=user)
            except (events.EventRefused, access.OutOfScope, store.StoreBusy) as exc:
                st.error(str(exc))
                return
            views.pin_snapshot()
            st.rerun()
