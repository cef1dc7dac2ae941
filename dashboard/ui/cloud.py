"""クラウド利用料 / Government Cloud bills (url "/cloud", national, prefecture and organization scope).

Layout only: the figures come from dashboard/cloud/report.py, the charts from
dashboard/charts/cloud.py. An organization user sees its own accounts and its allocated
share of shared accounts, never another organization's rows.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import i18n, session
from dashboard.cloud import views as cloud_views
from dashboard.ui import common
from dashboard.ui.common import tr

TITLE = ("ガバメントクラウド利用料", "Government Cloud bills")


def _metrics(f: dict, lang: str, unit: str) -> None:
    t = f["totals"]
    money = lambda v: i18n.money(int(v), unit, lang)  # noqa: E731
    usage = int(t["usage_effective_yen"])
    coverage = int(t["covered_effective_yen"]) / usage if usage else None
    row1, row2 = st.columns(3), st.columns(3)
    row1[0].metric(tr("請求額 (BilledCost)", "BilledCost", lang), money(t["billed_yen"]))
    row1[1].metric(tr("償却後 (EffectiveCost)", "EffectiveCost", lang), money(t["effective_yen"]))
    row1[2].metric(tr("契約割引 (ListCost−ContractedCost)", "Negotiated discount", lang),
                   money(t["negotiated_discount_yen"]))
    row2[0].metric(tr("長期継続割引の適用率", "Commitment coverage", lang), i18n.percent(coverage, signed=False))
    row2[1].metric(tr("長期継続割引による節減", "Commitment savings", lang), money(t["savings_yen"]))
    row2[2].metric(tr("未使用のコミットメント", "Unused commitment", lang), money(t["unused_yen"]))


def _frames(f: dict, lang: str, unit: str, national: bool) -> None:
    u = i18n.unit_label(unit, lang)
    st.subheader(tr("異常な月（直近6か月との比較）", "Anomalies (against the trailing six months)", lang))
    if f["anomalies"]:
        st.dataframe(pd.DataFrame([{
            tr("月", "Month", lang): a["month"], f"BilledCost ({u})": i18n.in_unit(a["billed_yen"], unit),
            tr(f"直近6か月平均との差 ({u})", f"Change vs trailing mean ({u})", lang): i18n.in_unit(a["change_yen"], unit),
            tr("主なサービス", "Driving services", lang): ", ".join(
                f"{s['service_name']} ({i18n.money(s['change_yen'], unit, lang)})" for s in a["services"])}
            for a in f["anomalies"]]), hide_index=True, width="stretch")
    else:
        st.caption(tr("直近6か月から外れた月はありません。", "No month departs from its trailing six months.", lang))
    st.subheader(tr("按分方法別の金額", "Allocated cost by method", lang))
    st.dataframe(f["by_method"].assign(billed_yen=lambda d: [i18n.in_unit(int(v), unit) for v in d["billed_yen"]])
                 .rename(columns={"method": "x_AllocatedMethodId", "billed_yen": f"BilledCost ({u})"}),
                 hide_index=True, width="stretch")
    if not national:
        return
    st.subheader(tr("未割当（アカウント対応表にないアカウント）", "Unallocated (accounts not in the map)", lang))
    if f["unallocated"].empty:
        st.caption(tr("未割当の費用はありません。", "Nothing is unallocated.", lang))
    else:
        st.dataframe(f["unallocated"], hide_index=True, width="stretch")
    st.subheader(tr("請求書ごとの突合（BilledCost と請求額・納付額）", "Reconciliation per invoice", lang))
    if f["reconcile"].empty:
        st.caption(tr("請求書番号のある請求データがありません。", "No billing rows carry an InvoiceId.", lang))
    else:
        st.dataframe(f["reconcile"], hide_index=True, width="stretch")


def render() -> None:
    s = common.settings()
    lang, unit = s.lang, s.unit
    name = TITLE[lang == "en"]
    allowed = session.allowed_scope()
    common.refuse_if_outside(lang, pref=common.raw_param("pref"), org=common.raw_param("org"))
    pref = common.pref_picker(lang) if allowed.kind in ("national", "pref") else None
    org = common.org_picker(lang, pref=pref or (allowed.code if allowed.kind == "pref" else None))
    scope = session.requested_scope(pref=pref, org=org)
    st.title(f"{name} — {scope.label(lang)}")
    years = cloud_views.years(scope)
    if not years:
        st.info(tr("この範囲にはクラウド請求（FOCUS）のデータがありません。FOCUS ファイル、アカウント対応表、為替レートを取り込むと表示されます。",
                   "This scope has no cloud bills yet. They appear once FOCUS files, an account map and exchange rates are imported.", lang))
        return
    with st.sidebar:
        fy = common.bound(st.selectbox, common.t("fy", lang), years, "fy", years[-1],
                          format_func=lambda y: i18n.fiscal_year(y, lang))
    f = cloud_views.figures(scope, fy)
    st.caption(tr(f"対象年度：{i18n.fiscal_year(fy, lang)}（月・年度は日本時間、円換算は ChargePeriodStart の月のレート）",
                  f"Fiscal year: {i18n.fiscal_year(fy, lang)} (months and years in JST; yen at the rate of "
                  "the ChargePeriodStart month)", lang))
    _metrics(f, lang, unit)
    # The page context stamps the downloads; bills are billed amounts, so their basis is actual.
    ctx = common.PageContext(scope, fy, lang, unit, {"basis": "actual"})
    for spec in cloud_views.chart_specs(scope, fy, lang, unit):
        common.chart(spec, ctx)
    _frames(f, lang, unit, scope.kind == "national")


if __name__ == "__main__":
    render()
