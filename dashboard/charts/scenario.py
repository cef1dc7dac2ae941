"""Scenario charts (pure: DataFrame → Figure): comparison with actual/budget/estimate and the
uncertainty band, the sensitivity tornado, and the net burden after funding.

Inputs:
- stored: scenario/trajectory_basis (fiscal_year, basis, current_yen, baseline_yen)
- runs: one row per scenario × fiscal year (scenario, fiscal_year, cost_yen, baseline_yen,
  band_low_yen, band_high_yen, cash_yen, funding_yen, net_burden_yen); the first scenario is
  the one being edited, and its band is drawn
- tornado: lever, fy2030_reduction_rate_low, fy2030_reduction_rate_high (+ base rate)
- events: timeline/events
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import events as event_marks
from dashboard.charts import style
from dashboard.charts.labels import tr
from dashboard.config import FIRST_FY, LAST_FY, TARGET_RATE

LEVER_LABEL = {"fx": ("為替レート", "Exchange rate"), "commitment": ("長期継続割引", "Commitments"),
               "joint_use": ("共同利用", "Joint use"), "vendor_price": ("事業者の価格改定", "Vendor prices"),
               "delayed_migration": ("特定移行支援の移行年度", "Delayed migration year"),
               "measures": ("対策の追加導入", "Countermeasures")}
BASIS_STYLE = {"actual": ("solid", "circle"), "budget": ("dot", "square"), "estimate": ("dash", "diamond")}
RUN_COLOURS = [style.OKABE_ITO[k] for k in ("vermillion", "green", "orange", "sky")]


def lever_label(key: str, lang: str) -> str:
    ja, en = LEVER_LABEL[key]
    return ja if lang == "ja" else en


def comparison(stored: pd.DataFrame, runs: pd.DataFrame, events: pd.DataFrame | None = None, *,
               lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    if stored.empty and runs.empty:
        return style.empty(style.no_data(lang))
    fig = go.Figure()
    first = runs["scenario"].iloc[0] if len(runs) else None
    if first is not None:
        band = runs[runs["scenario"] == first]
        fig.add_trace(go.Scatter(
            x=list(band["fiscal_year"]) + list(band["fiscal_year"])[::-1],
            y=[i18n.in_unit(int(v), unit) for v in band["band_high_yen"]]
            + [i18n.in_unit(int(v), unit) for v in band["band_low_yen"]][::-1],
            fill="toself", fillcolor="rgba(213,94,0,0.15)", line={"width": 0}, meta="band",
            name=tr(f"不確実性の幅（{first}）", f"Uncertainty band ({first})", lang), hoverinfo="skip"))
    for basis, part in stored.groupby("basis", sort=False):
        dash, symbol = BASIS_STYLE.get(basis, ("solid", "circle"))
        name = i18n.BASIS[basis][lang]
        fig.add_trace(go.Scatter(
            x=part["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in part["current_yen"]],
            mode="lines+markers", name=name, meta=f"stored:{basis}",
            line={"dash": dash, "color": style.OKABE_ITO["blue"], "width": 2}, marker={"symbol": symbol},
            hovertemplate=f"{name}: {style.hover_money(unit, lang)}<extra></extra>"))
    for n, (name, part) in enumerate(runs.groupby("scenario", sort=False)):
        fig.add_trace(go.Scatter(
            x=part["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in part["cost_yen"]],
            mode="lines+markers", name=str(name), meta=f"scenario:{n}",
            line={"color": RUN_COLOURS[n % len(RUN_COLOURS)], "width": 3},
            hovertemplate=f"{name}: {style.hover_money(unit, lang)}<extra></extra>"))
    baseline = int(runs["baseline_yen"].iloc[-1]) if len(runs) else int(stored["baseline_yen"].max())
    target = i18n.in_unit(7 * baseline // 10, unit)
    fig.add_trace(go.Scatter(x=[FIRST_FY - 0.5, LAST_FY + 0.5], y=[target, target], mode="lines",
                             meta="target", name=tr("目標（基準比 -30%）", "Target (-30%)", lang),
                             line={"dash": "dashdot", "color": style.TARGET_COLOUR, "width": 2}))
    event_marks.add_markers(fig, events, lang, (FIRST_FY - 0.6, LAST_FY + 0.6))
    style.year_axis(fig, range(FIRST_FY, LAST_FY + 1), lang, range=[FIRST_FY - 0.6, LAST_FY + 0.6])
    fig.update_yaxes(title=style.money_axis_title(unit, lang), rangemode="tozero", tickformat=",")
    return style.layout(fig, height=460)


def comparison_reading(runs: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if runs.empty:
        return style.no_data(lang)
    last = runs[runs["fiscal_year"] == runs["fiscal_year"].max()]
    parts = []
    for r in last.itertuples():
        rate = style.change_rate(int(r.baseline_yen), int(r.cost_yen))
        parts.append(f"{r.scenario} {style.pct(rate)}")
    if lang == "ja":
        return f"令和12年度（2030）の基準年度比: " + "、".join(parts) + "（目標 -30%）。"
    return "FY2030 against FY2018: " + ", ".join(parts) + " (target -30%)."


def tornado(df: pd.DataFrame, base_rate: float | None, *, lang: str = "ja") -> go.Figure:
    """Each lever's FY2030 reduction rate at the low and the high end of its range."""
    if df.empty or base_rate is None:
        return style.empty(style.no_data(lang))
    df = df.iloc[::-1]             # largest swing on top
    labels = [lever_label(k, lang) for k in df["lever"]]
    for end, colour, name in (("low", style.OKABE_ITO["sky"], tr("範囲の下限", "Low end", lang)),
                              ("high", style.OKABE_ITO["orange"], tr("範囲の上限", "High end", lang))):
        rates = df[f"fy2030_reduction_rate_{end}"].astype(float)
        fig_values = [(r - base_rate) * 100 for r in rates]
        if end == "low":
            fig = go.Figure()
        fig.add_trace(go.Bar(y=labels, x=fig_values, base=base_rate * 100, orientation="h", name=name,
                             meta=f"tornado:{end}", marker={"color": colour},
                             customdata=[f"{r * 100:.1f}%" for r in rates],
                             hovertemplate="%{y}: %{customdata}<extra>" + name + "</extra>"))
    # Both notes above the bars, each on the outer side of its line, so they never face each
    # other; the target's note at the bottom met the x axis's tick labels on a slide.
    scenario_left = base_rate <= TARGET_RATE
    fig.add_vline(x=base_rate * 100, line={"color": style.OKABE_ITO["black"], "width": 1},
                  annotation_text=tr("このシナリオ", "This scenario", lang),
                  annotation_position="top left" if scenario_left else "top right")
    fig.add_vline(x=TARGET_RATE * 100, line={"dash": "dashdot", "color": style.TARGET_COLOUR},
                  annotation_text=tr("目標 30%", "Target 30%", lang),
                  annotation_position="top right" if scenario_left else "top left")
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title=tr("令和12年度の削減率（%）", "FY2030 reduction rate (%)", lang), ticksuffix="%")
    return style.layout(fig, height=360)


def tornado_reading(df: pd.DataFrame, *, lang: str = "ja") -> str:
    if df.empty:
        return style.no_data(lang)
    top = df.iloc[0]
    swing = abs((top["fy2030_reduction_rate_high"] or 0) - (top["fy2030_reduction_rate_low"] or 0)) * 100
    if lang == "ja":
        return (f"この範囲で令和12年度の削減率を最も動かすのは「{lever_label(top['lever'], 'ja')}」で、"
                f"範囲の両端で {swing:.1f} ポイントの差があります。")
    return (f"For this scope, {lever_label(top['lever'], 'en').lower()} moves the FY2030 reduction "
            f"rate most: {swing:.1f} points between the ends of its range.")


def tornado_table(df: pd.DataFrame, *, lang: str = "ja") -> pd.DataFrame:
    return pd.DataFrame({
        tr("レバー", "Lever", lang): [lever_label(k, lang) for k in df["lever"]],
        tr("下限での削減率", "Rate at low end", lang): [i18n.percent(v, False) for v in df["fy2030_reduction_rate_low"]],
        tr("上限での削減率", "Rate at high end", lang): [i18n.percent(v, False) for v in df["fy2030_reduction_rate_high"]],
    })


def net_burden(runs: pd.DataFrame, events: pd.DataFrame | None = None, *, lang: str = "ja",
               unit: str = "hyakuman") -> go.Figure:
    """Cash and net burden after funding per scenario (a view of money paid, not the KPI)."""
    if runs.empty:
        return style.empty(style.no_data(lang))
    fig = go.Figure()
    first = runs[runs["scenario"] == runs["scenario"].iloc[0]]
    fig.add_trace(go.Bar(x=first["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in first["funding_yen"]],
                         name=tr("財源（補助金・交付税）", "Funding (subsidy, grants)", lang), meta="funding",
                         marker={"color": style.OKABE_ITO["grey"], "pattern": {"shape": "x"}}))
    for n, (name, part) in enumerate(runs.groupby("scenario", sort=False)):
        colour = RUN_COLOURS[n % len(RUN_COLOURS)]
        for key, dash, label in (("cash_yen", "dot", tr("支出", "cash", lang)),
                                 ("net_burden_yen", "solid", tr("実質負担", "net burden", lang))):
            fig.add_trace(go.Scatter(
                x=part["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in part[key]],
                mode="lines+markers", name=f"{name}: {label}", meta=f"{key[:-4]}:{n}",
                line={"color": colour, "dash": dash, "width": 3 if dash == "solid" else 2},
                hovertemplate=f"{name} {label}: {style.hover_money(unit, lang)}<extra></extra>"))
    years = runs["fiscal_year"]
    event_marks.add_markers(fig, events, lang, (years.min() - 0.6, years.max() + 0.6))
    style.year_axis(fig, range(int(years.min()), int(years.max()) + 1), lang,
                    range=[years.min() - 0.6, years.max() + 0.6])
    fig.update_yaxes(title=style.money_axis_title(unit, lang), rangemode="tozero", tickformat=",")
    return style.layout(fig, height=420)


def net_burden_reading(runs: pd.DataFrame, cap: dict | None = None, *, lang: str = "ja",
                       unit: str = "hyakuman") -> str:
    if runs.empty:
        return style.no_data(lang)
    r = runs[runs["scenario"] == runs["scenario"].iloc[0]].iloc[-1]
    used = f"{i18n.money(cap['used_yen'], unit, lang)}" if cap else "-"
    left = f"{i18n.money(cap['remaining_yen'], unit, lang)}" if cap else "-"
    if lang == "ja":
        return (f"{r['scenario']}の令和12年度の支出は {i18n.money(int(r['cash_yen']), unit)}、財源を差し引いた"
                f"実質負担は {i18n.money(int(r['net_burden_yen']), unit)} です。補助金の上限は使用済 {used}、"
                f"残り {left} です（政策KPIとは別の見方です）。")
    return (f"{r['scenario']}: FY2030 cash {i18n.money(int(r['cash_yen']), unit, 'en')}, net burden "
            f"after funding {i18n.money(int(r['net_burden_yen']), unit, 'en')}; subsidy cap used {used}, "
            f"remaining {left} (a different view from the policy KPI).")


def runs_table(runs: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("シナリオ", "Scenario", lang): runs["scenario"].astype(str),
        tr("年度", "Fiscal year", lang): [i18n.fiscal_year(int(y), lang) for y in runs["fiscal_year"]],
        tr(f"経費 ({u})", f"Cost ({u})", lang): [i18n.in_unit(int(v), unit) for v in runs["cost_yen"]],
        tr("基準比", "Change", lang): [style.change_rate(int(b), int(c))
                                      for b, c in zip(runs["baseline_yen"], runs["cost_yen"])],
        tr(f"幅 下限 ({u})", f"Band low ({u})", lang): [i18n.in_unit(int(v), unit) for v in runs["band_low_yen"]],
        tr(f"幅 上限 ({u})", f"Band high ({u})", lang): [i18n.in_unit(int(v), unit) for v in runs["band_high_yen"]],
        tr("基準超過団体", "Orgs over baseline", lang): runs["orgs_over_baseline"].astype(int),
        tr("目標達成団体", "Orgs on target", lang): runs["orgs_on_target"].astype(int),
        tr(f"支出 ({u})", f"Cash ({u})", lang): [i18n.in_unit(int(v), unit) for v in runs["cash_yen"]],
        tr(f"財源 ({u})", f"Funding ({u})", lang): [i18n.in_unit(int(v), unit) for v in runs["funding_yen"]],
        tr(f"実質負担 ({u})", f"Net burden ({u})", lang): [i18n.in_unit(int(v), unit) for v in runs["net_burden_yen"]],
    })
