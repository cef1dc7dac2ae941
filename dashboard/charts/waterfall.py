"""Waterfall baseline → factor groups → countermeasures → unattributed → current (closes exactly)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import STEP, tr

# driver group_key → waterfall step
GROUP_STEP = {"structural": "structural", "enhancement": "enhancement", "external": "external",
              "immediate_measure": "countermeasures", "structural_measure": "countermeasures"}
ORDER = ("baseline", "structural", "enhancement", "external", "countermeasures",
         "unattributed", "current")


def steps(kpi: dict, drivers: pd.DataFrame) -> pd.DataFrame:
    """Integer-yen steps. kpi needs baseline_yen and current_yen; drivers is metrics/by_driver.

    unattributed = (current - baseline) - Σ attributions, so baseline + every middle step
    = current to the yen.
    """
    baseline, current = int(kpi["baseline_yen"]), int(kpi["current_yen"])
    amounts = {step: 0 for step in ORDER[1:5]}
    for group, amount in zip(drivers["group_key"], drivers["amount_yen"]):
        amounts[GROUP_STEP[group]] += int(amount)
    amounts["unattributed"] = (current - baseline) - sum(amounts.values())
    rows = [("baseline", baseline)] + [(s, amounts[s]) for s in ORDER[1:6]] + [("current", current)]
    return pd.DataFrame(rows, columns=["step", "amount_yen"])


def figure(st: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman", fy: int | None = None) -> go.Figure:
    if st.empty or int(st["amount_yen"].iloc[0]) == 0:
        return style.empty(style.no_data(lang))
    # Two short lines under each bar, never rotated: a label wider than its bar's slot gets
    # turned 45° in an export, and the first one then runs into the y axis's "0".
    labels = [_two_lines(STEP[s][0 if lang == "ja" else 1]) for s in st["step"]]
    if fy is not None:
        labels[-1] = _two_lines(i18n.fiscal_year(fy, lang))
    values = [i18n.in_unit(int(v), unit) for v in st["amount_yen"]]
    measure = ["absolute"] + ["relative"] * (len(st) - 2) + ["total"]
    digits = ",.1f" if unit == "oku" else ",.0f"
    fig = go.Figure(go.Waterfall(
        x=labels, y=values, measure=measure, meta="waterfall",
        text=[f"{v:+{digits}}" if m == "relative" else f"{v:{digits}}" for v, m in zip(values, measure)],
        textposition="outside",
        increasing={"marker": {"color": style.INCREASE}},
        decreasing={"marker": {"color": style.DECREASE}},
        totals={"marker": {"color": style.TOTAL}},
        connector={"line": {"color": "#888888", "dash": "dot"}},
        hovertemplate=f"%{{x}}: {style.hover_money(unit, lang)}<extra></extra>"))
    target = i18n.in_unit((7 * int(st["amount_yen"].iloc[0])) // 10, unit)
    fig.add_hline(y=target, line={"dash": "dashdot", "color": style.TARGET_COLOUR},
                  annotation_text=tr("目標（-30%）", "Target (-30%)", lang),
                  # at the right, over the current-year bar: at the left it sat just under the
                  # baseline bar's value label and met it on a small organization's slide
                  annotation_position="top right")
    fig.update_yaxes(title=style.money_axis_title(unit, lang), tickformat=",")
    fig.update_xaxes(tickangle=0)
    return style.layout(fig, height=440, legend=False)


def _two_lines(label: str) -> str:
    """The year in brackets on its own line (基準<br>（平成30年度）, FY2026<br>(R8)); an English
    label of two words split between them (Function<br>enhancement)."""
    if "（" in label or " (" in label:
        return label.replace(" (", "<br>(").replace("（", "<br>（")
    return label.replace(" ", "<br>", 1)


def reading(st: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if st.empty or int(st["amount_yen"].iloc[0]) == 0:
        return style.no_data(lang)
    a = dict(zip(st["step"], st["amount_yen"].astype(int)))
    factors = {k: a[k] for k in ("structural", "enhancement", "external")}
    top = max(factors, key=factors.get)
    name = STEP[top][0 if lang == "ja" else 1]
    if lang == "ja":
        return (f"増加の最大の要因は{name}（{i18n.money(factors[top], unit)}）で、対策による削減は "
                f"{i18n.money(a['countermeasures'], unit)}、要因未特定は {i18n.money(a['unattributed'], unit)} です。")
    return (f"The largest driver of the change is {name.lower()} ({i18n.money(factors[top], unit, 'en')}); "
            f"countermeasures account for {i18n.money(a['countermeasures'], unit, 'en')} and "
            f"{i18n.money(a['unattributed'], unit, 'en')} is unattributed.")


def table(st: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("段階", "Step", lang): [STEP[s][0 if lang == "ja" else 1] for s in st["step"]],
        tr(f"金額 ({u})", f"Amount ({u})", lang): [i18n.in_unit(int(v), unit) for v in st["amount_yen"]],
        tr("金額 (円)", "Amount (yen)", lang): st["amount_yen"].astype("int64").to_list(),
    })
