"""要因分析 / Drivers and countermeasures for the scope in the URL (url "/factors?pref=NN" or "?org=CODE")."""
from __future__ import annotations

import streamlit as st

from dashboard import i18n, reference, session
from dashboard.ui import common
from dashboard.ui.common import tr

TITLE = ("要因分析", "Factor analysis")
KEYS = ("waterfall", "driver_system", "factor_measure", "measure_by_year")


def render() -> None:
    s = common.settings()
    lang, unit = s.lang, s.unit
    allowed = session.allowed_scope()
    common.refuse_if_outside(lang, pref=common.raw_param("pref"), org=common.raw_param("org"))
    pref = common.pref_picker(lang) if allowed.kind in ("national", "pref") else None
    org = common.org_picker(lang, pref=pref or (allowed.code if allowed.kind == "pref" else None))
    ctx = common.open_scope(TITLE, lang, unit, lambda: session.requested_scope(pref=pref, org=org))
    if ctx is None:
        return
    scope, fy, summary = ctx.scope, ctx.fy, ctx.summary
    st.caption(tr("範囲は左のメニューで都道府県・団体を選んで絞り込めます（未選択 = 閲覧できる範囲全体）。",
                  "Narrow the scope with the prefecture and organization pickers (none = everything you may see).",
                  lang))
    if summary["orgs_reporting"] == 0:
        common.no_data(lang)
        return
    sp = common.specs(ctx, KEYS)
    top_drivers(ctx.summary, lang, unit)
    common.chart(sp["waterfall"], ctx)
    with st.expander(tr("詳細：要因・対策 × 業務の全表、要因と対策の対応表",
                        "Detail: every driver × operation, and the factor–countermeasure matrix", lang)):
        common.chart(sp["driver_system"], ctx)
        common.chart(sp["factor_measure"], ctx)
        st.caption(tr("各セルは、その要因に対応する対策の効果額（負 = 削減）です。一つの対策が複数の要因に対応する場合は"
                  "各行に同じ額が表示されます。外部要因（物価・賃金・為替）には対策がなく、財政措置で対応します。",
                  "Each cell is the amount of a countermeasure that answers the factor (negative = saving); a "
                  "countermeasure answering several factors shows its amount in each row. External factors have "
                  "no countermeasure (fiscal measures).", lang))
    common.chart(sp["measure_by_year"], ctx)


GROUPS = (("構造的要因", "Structural factors"), ("機能強化要因", "Function enhancement"),
          ("外部要因", "External factors"), ("当面の対策", "Short-term countermeasures"),
          ("構造的対策", "Structural countermeasures"))


def top_drivers(summary: dict, lang: str, unit: str, top: int = 3) -> None:
    """The briefing view: per group (structural, enhancement, external, countermeasures) its
    total and its largest drivers, by name, with their share of the change."""
    drivers = reference.load("driver").set_index("driver_code")
    amounts = {d["driver"]: d["amount_yen"] for d in summary["by_driver"]}
    change = summary["current_yen"] - summary["baseline_yen"]
    st.subheader(tr("主な増減要因", "Main drivers of the change", lang))
    st.caption(tr(f"基準年度からの増減 {i18n.money(change, unit, lang)} の内訳（要因は増加、対策は削減）。",
                  f"What makes up the change of {i18n.money(change, unit, lang)} since FY2018 "
                  "(factors add, countermeasures save).", lang))
    columns = st.columns(len(GROUPS))
    for column, (group_ja, group_en) in zip(columns, GROUPS):
        codes = [c for c in drivers.index if drivers.loc[c, "group_ja"] == group_ja and amounts.get(c)]
        total = sum(amounts[c] for c in codes)
        ranked = sorted(codes, key=lambda c: -abs(amounts[c]))[:top]
        with column.container(border=True):
            st.markdown(f"**{group_ja if lang == 'ja' else group_en}**")
            # plain text, not st.metric: five narrow columns would cut the amount to "4,688 …"
            st.markdown(f"#### {_signed_money(total, unit, lang)}")
            for code in ranked:
                name = drivers.loc[code, "name_ja" if lang == "ja" else "name_en"]
                share = _share(amounts[code], change)
                share = (f"（{share}）" if lang == "ja" else f" ({share})") if share else ""
                st.caption(f"{name}: {_signed_money(amounts[code], unit, lang)}{share}")


def _signed_money(yen: int, unit: str, lang: str) -> str:
    text = i18n.money(abs(yen), unit, lang)
    return (i18n.MINUS if yen < 0 else "+" if yen > 0 else "") + text


def _share(amount: int, change: int) -> str:
    """Share of the change since FY2018, as the one sign convention writes it."""
    if not change:
        return ""
    share = amount / change
    return "<1%" if abs(share) < 0.005 else i18n.signed_percent(share, 0)


if __name__ == "__main__":   # run as a page script by st.navigation (and AppTest.switch_page)
    render()
