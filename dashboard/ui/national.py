"""全国概況 / National overview (url "/")."""
from __future__ import annotations

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
    opened = common.open_scope(TITLE, lang, unit, lambda: session.narrow(Scope()))
    if opened is None:
        return
    scope, fy, summary = opened
    common.kpi_cards(summary, lang, unit)
    if summary["orgs_reporting"] == 0:
        common.no_data(lang)
        return
    sp = common.specs(scope, fy, lang, unit, CHARTS)
    stacked = common.stacked_toggle(lang)
    common.chart(sp["trajectory_stacked" if stacked else "trajectory"], lang, scope, fy)
    event = common.chart(sp["map"], lang, scope, fy, on_select="rerun")
    st.caption(tr("都道府県の点をクリックすると、その都道府県のページを開きます。",
                  "Click a prefecture's dot to open its page.", lang))
    open_clicked_prefecture(event, lang, unit, fy)
    common.chart_pair(sp["distribution_kind"], sp["distribution_peer"], lang, scope, fy)
    common.chart_pair(sp["by_system"], sp["by_item"], lang, scope, fy)
    common.chart(sp["waterfall"], lang, scope, fy)
    delayed_block(scope, fy, lang, unit, sp["migration"])


def delayed_block(scope: Scope, fy: int, lang: str, unit: str, spec) -> None:
    d = views.fetch("pages/delayed_summary", scope, fy=fy).iloc[0]
    st.subheader(tr("特定移行支援システム（令和7年度末までに移行できない システム）",
                    "Delayed systems (migration past the end of FY2025)", lang))
    cols = st.columns(3)
    cols[0].metric(tr("該当する団体", "Organizations with a delayed system", lang),
                   f"{int(d['orgs_delayed']):,} / {int(d['orgs_with_status']):,}")
    cols[1].metric(tr("該当するシステム", "Delayed systems", lang),
                   f"{int(d['pairs_delayed']):,} / {int(d['pairs_with_status']):,}")
    cols[2].metric(tr("移行前の基盤で運用中の経費", "Cost still on pre-migration systems", lang),
                   i18n.money(int(d["delayed_current_yen"] or 0), unit, lang),
                   help=tr("対象年度の、特定移行支援システムに該当する団体×業務の経費",
                           "The chosen year's cost of the delayed organization × operation pairs", lang))
    common.chart(spec, lang, scope, fy)


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


if __name__ == "__main__":   # run as a page script by st.navigation (and AppTest.switch_page)
    render()
