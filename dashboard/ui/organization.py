"""団体 / One municipality or prefecture (url "/organization?org=CODE")."""
from __future__ import annotations

import streamlit as st

from dashboard import session
from dashboard.ui import common
from dashboard.ui.common import tr
from dashboard.scope import Scope

TITLE = ("団体", "Organization")
KEYS = ("trajectory", "trajectory_stacked", "by_system", "by_item", "waterfall", "migration", "peers")


def render() -> None:
    s = common.settings()
    lang, unit = s.lang, s.unit
    org = common.org_picker(lang)
    prompt = tr("左のメニューで団体を選んでください（団体コードまたは名前で検索できます）。",
                "Choose an organization in the sidebar (search by code or name).", lang)
    ctx = common.open_chosen(TITLE, lang, unit, org, prompt, lambda: session.narrow(Scope("org", org)))
    if ctx is None:
        return
    if ctx.summary["orgs_reporting"] == 0:
        common.no_data(lang)
        return
    sp = common.specs(ctx, KEYS)
    stacked = common.stacked_toggle(lang)
    common.chart(sp["trajectory_stacked" if stacked else "trajectory"], ctx)
    common.chart_pair(sp["by_system"], sp["by_item"], ctx)
    common.chart(sp["waterfall"], ctx)
    common.chart(sp["migration"], ctx)
    common.chart(sp["peers"], ctx)
    st.caption(tr("類似団体は、団体区分と人口規模による区分です（総務省の類似団体区分の人口帯、産業構造は考慮せず）。"
                  "他団体の個別の数値は表示しません。類似団体の統計は 3 桁に丸めた補間値で、今年度報告した 5 団体未満の区分や"
                  "1団体が合計の半分を超える区分は比較を表示しません。",
                  "Peer groups follow the population bands of the MIC's similar-organization scheme. "
                  "No other organization's own figures are shown. Peer statistics are interpolated and rounded to 3 "
                  "significant figures; groups with fewer than 5 members reporting this year, or one member above "
                  "half of the total, are not compared.", lang))


if __name__ == "__main__":   # run as a page script by st.navigation (and AppTest.switch_page)
    render()
