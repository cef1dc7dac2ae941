"""要因分析 / Drivers and countermeasures for the scope in the URL (url "/factors?pref=NN" or "?org=CODE")."""
from __future__ import annotations

import streamlit as st

from dashboard import session
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
    common.chart(sp["waterfall"], ctx)
    common.chart(sp["driver_system"], ctx)
    common.chart(sp["factor_measure"], ctx)
    st.caption(tr("各セルは、その要因に対応する対策の効果額（負 = 削減）です。一つの対策が複数の要因に対応する場合は"
                  "各行に同じ額が表示されます。外部要因（物価・賃金・為替）には対策がなく、財政措置で対応します。",
                  "Each cell is the amount of a countermeasure that answers the factor (negative = saving); a "
                  "countermeasure answering several factors shows its amount in each row. External factors have "
                  "no countermeasure (fiscal measures).", lang))
    common.chart(sp["measure_by_year"], ctx)


if __name__ == "__main__":   # run as a page script by st.navigation (and AppTest.switch_page)
    render()
