"""全国概況 / National overview (url "/")."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import i18n, session, views
from dashboard.ui import common, registry
from dashboard.ui.common import tr
from dashboard.scope import Scope

TITLE = ("全国概況", "National overview")
CHARTS = ("trajectory", "trajectory_stacked", "map", "distribution_kind", "distribution_peer",
          "by_system", "by_item", "waterfall", "migration")   # also prewarmed by `serve`


def render() -> None:
    s = common.settings()
    lang, unit = s.lang, s.unit
    ctx = common.open_scope(TITLE, lang, unit, lambda: session.narrow(Scope()))
    if ctx is None:
        return
    scope, fy, summary = ctx.scope, ctx.fy, ctx.summary
    common.kpi_cards(summary, lang, unit)
    common.worse_off(scope, fy, lang, unit)
    if summary["orgs_reporting"] == 0:
        common.no_data(lang)
        return
    sp = common.specs(ctx, CHARTS)
    stacked = common.stacked_toggle(lang)
    common.chart(sp["trajectory_stacked" if stacked else "trajectory"], ctx)
    event = common.chart(sp["map"], ctx, on_select="rerun")
    st.caption(tr("都道府県の点をクリックするか、下の一覧から選ぶと、その都道府県のページを開きます。",
                  "Click a prefecture's dot, or choose it in the list below, to open its page.", lang))
    open_clicked_prefecture(event, lang, unit, fy)
    prefecture_list(lang, unit, fy)
    common.chart_pair(sp["distribution_kind"], sp["distribution_peer"], ctx)
    common.chart_pair(sp["by_system"], sp["by_item"], ctx)
    common.chart(sp["waterfall"], ctx)
    delayed_block(ctx, sp["migration"])


def delayed_block(ctx: common.PageContext, spec) -> None:
    scope, fy, lang, unit = ctx.scope, ctx.fy, ctx.lang, ctx.unit
    d = views.fetch("pages/delayed_summary", scope, fy=fy).iloc[0]
    st.subheader(tr("特定移行支援システム（令和7年度末までに移行できない システム）",
                    "Delayed systems (migration past the end of FY2025)", lang))
    cols = st.columns(3)
    cols[0].metric(tr("該当する団体", "Organizations with a delayed system", lang),
                   f"{int(d['orgs_delayed']):,} / {int(d['orgs_with_status']):,}")
    cols[1].metric(tr("該当するシステム", "Delayed systems", lang),
                   f"{int(d['pairs_delayed']):,} / {int(d['pairs_with_status']):,}")
    cols[2].metric(tr("移行前の基盤で運用中の経費", "Cost still on pre-migration systems", lang),
                   i18n.money(0 if pd.isna(d["delayed_current_yen"]) else int(d["delayed_current_yen"]),
                              unit, lang),
                   help=tr("対象年度の、特定移行支援システムに該当する団体×業務の経費",
                           "The chosen year's cost of the delayed organization × operation pairs", lang))
    common.chart(spec, ctx)


def open_clicked_prefecture(event, lang: str, unit: str, fy: int) -> None:
    """A click on a prefecture's marker opens /prefecture?pref=NN (keeping lang, unit, fy)."""
    try:
        points = event.selection.points if event else []
    except AttributeError:
        points = []
    codes = [p.get("customdata") for p in points if isinstance(p.get("customdata"), str)]
    if codes and "prefecture" in registry.NAV:
        st.switch_page(registry.NAV["prefecture"],
                       query_params={"pref": codes[0], "lang": lang, "unit": unit, "fy": str(fy)})


def prefecture_list(lang: str, unit: str, fy: int) -> None:
    """The map's non-pointer twin: a list (keyboard, screen reader) that does what a click does."""
    from dashboard import reference
    from dashboard.charts.labels import pref_name
    names = reference.prefecture_names()
    key = "map_pref_list"
    code = st.selectbox(tr("都道府県のページを開く（地図のクリックと同じ）",
                           "Open a prefecture's page (same as clicking the map)", lang),
                        sorted(names), index=None, key=key, placeholder=tr("選んでください", "Choose", lang),
                        format_func=lambda c: f"{c} {pref_name(c, names[c], lang)}")
    if code and "prefecture" in registry.NAV:
        del st.session_state[key]      # back on this page, the list starts empty again
        st.switch_page(registry.NAV["prefecture"],
                       query_params={"pref": code, "lang": lang, "unit": unit, "fy": str(fy)})


if __name__ == "__main__":   # run as a page script by st.navigation (and AppTest.switch_page)
    render()
