"""都道府県 / One prefecture and its municipalities (url "/prefecture?pref=NN")."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, i18n, session, views
from dashboard.charts import tables
from dashboard.ui import common
from dashboard.ui.common import tr
from dashboard.scope import Scope

TITLE = ("都道府県", "Prefecture")
KEYS = ("trajectory", "trajectory_stacked", "by_system", "by_item", "municipalities", "own_systems",
        "gc_joint", "waterfall", "migration")


def render() -> None:
    s = common.settings()
    lang, unit = s.lang, s.unit
    pref = common.pref_picker(lang)
    prompt = tr("左のメニューで都道府県を選んでください（または全国概況の地図をクリック）。",
                "Choose a prefecture in the sidebar (or click one on the national map).", lang)
    ctx = common.open_chosen(TITLE, lang, unit, pref, prompt, lambda: session.narrow(Scope("pref", pref)))
    if ctx is None:
        return
    scope, fy, summary = ctx.scope, ctx.fy, ctx.summary
    common.worse_off(scope, fy, lang, unit)
    national_side_by_side(summary, fy, lang, unit)
    if summary["orgs_reporting"] == 0:
        common.no_data(lang)
        return
    sp = common.specs(ctx, KEYS)
    stacked = common.stacked_toggle(lang)
    common.chart(sp["trajectory_stacked" if stacked else "trajectory"], ctx)
    municipalities(scope, fy, lang, unit)
    common.chart(sp["municipalities"], ctx)
    common.chart_pair(sp["own_systems"], sp["gc_joint"], ctx)
    common.chart_pair(sp["by_system"], sp["by_item"], ctx)
    common.chart(sp["waterfall"], ctx)
    common.chart(sp["migration"], ctx)


def national_side_by_side(summary: dict, fy: int, lang: str, unit: str) -> None:
    """The prefecture's headline figures beside the national ones (national aggregates only)."""
    try:
        national = views.summary(session.narrow(Scope()), fy)
    except access.OutOfScope:
        return  # a prefecture user sees no figures outside the prefecture, not even national totals
    rows = []
    for label, key in ((common.t("baseline", lang), "baseline_yen"), (common.t("current", lang), "current_yen")):
        rows.append({"": label, "pref": i18n.money(summary[key], unit, lang), "nat": i18n.money(national[key], unit, lang)})
    rows.append({"": common.t("rate", lang),
                 "pref": i18n.change(i18n.change_of(summary["baseline_yen"], summary["current_yen"]), lang, False),
                 "nat": i18n.change(i18n.change_of(national["baseline_yen"], national["current_yen"]), lang, False)})
    for label, key in ((common.t("over", lang), "orgs_over_baseline"), (common.t("on_target", lang), "orgs_on_target")):
        rows.append({"": label, "pref": f"{summary[key]:,} / {summary['orgs_reporting']:,}",
                     "nat": f"{national[key]:,} / {national['orgs_reporting']:,}"})
    frame = pd.DataFrame(rows).rename(columns={"pref": tr("この都道府県", "This prefecture", lang),
                                               "nat": tr("全国", "All Japan", lang)})
    st.markdown(f"**{tr('全国との比較', 'Compared with all Japan', lang)}**")
    st.dataframe(frame, hide_index=True, width="content")


def municipalities(scope: Scope, fy: int, lang: str, unit: str) -> None:
    st.subheader(tr("団体一覧（並べ替え・ダウンロード可）", "Organizations (sortable, downloadable)", lang))
    df = views.fetch("pages/org_table", scope, fy=fy)
    frame = tables.organizations(df, lang=lang, unit=unit)
    link = tr("団体ページ", "Page", lang)
    frame.insert(2, link, [f"organization?org={c}&lang={lang}&unit={unit}&fy={fy}" for c in df["org_code"]])
    st.caption(tr("列見出しをクリックすると並べ替えます。「開く」で団体ページへ。",
                  "Click a column header to sort; 'open' goes to the organization's page.", lang))
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={link: st.column_config.LinkColumn(link, display_text=tr("開く", "open", lang)),
                                tr("基準年度比 (%)", "Change vs FY2018 (%)", lang):
                                    st.column_config.NumberColumn(format="%+.1f%%"),
                                tr("倍率", "Ratio", lang): st.column_config.NumberColumn(format="%.2f")})
    common.table(frame.drop(columns=[link]), lang, f"organizations_{scope}_{fy}", key="organizations")


if __name__ == "__main__":   # run as a page script by st.navigation (and AppTest.switch_page)
    render()
