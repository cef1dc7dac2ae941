"""Government Cloud bills: pure DataFrame → Figure functions, each with a reading and a table.

Inputs are the frames of dashboard/cloud/report.figures (integer yen); amounts are shown in
the chosen unit (千円/百万円/億円).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr


def _u(series, unit):
    return [i18n.in_unit(int(v), unit) for v in series]


def _month_label(month: str, lang: str) -> str:
    year, m = month.split("-")
    return f"{year}年{int(m)}月" if lang == "ja" else month


# ---------------------------------------------------------------- monthly trend
def trend(month_category: pd.DataFrame, months: pd.DataFrame, *, lang: str = "ja",
          unit: str = "hyakuman") -> go.Figure:
    """BilledCost stacked by ServiceCategory per JST month, EffectiveCost as a line."""
    if months.empty:
        return style.empty(style.no_data(lang))
    labels = [_month_label(m, lang) for m in months["month"]]
    fig = go.Figure()
    wide = month_category.pivot_table(index="month", columns="category", values="billed_yen",
                                      aggfunc="sum", fill_value=0).reindex(months["month"], fill_value=0)
    for n, category in enumerate(wide.columns):
        fig.add_bar(x=labels, y=_u(wide[category], unit), name=category, meta="cloud_trend",
                    marker={"color": style.SEQUENCE[n % len(style.SEQUENCE)]},
                    hovertemplate=f"{category}: %{{y:,.1f}}<extra></extra>")
    fig.add_scatter(x=labels, y=_u(months["effective_yen"], unit), mode="lines+markers",
                    name=tr("償却後コスト (EffectiveCost)", "EffectiveCost (amortised)", lang),
                    line={"color": style.OKABE_ITO["black"], "dash": "dot"})
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=style.money_axis_title(unit, lang))
    return style.layout(fig)


def trend_reading(months: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if months.empty:
        return style.no_data(lang)
    total = int(months["billed_yen"].sum())
    peak = months.loc[months["billed_yen"].idxmax()]
    if lang == "ja":
        return (f"{len(months)} か月の請求額（BilledCost）は計 {i18n.money(total, unit, lang)}、最大は"
                f"{_month_label(peak['month'], lang)}の {i18n.money(int(peak['billed_yen']), unit, lang)} です（月は日本時間）。")
    return (f"BilledCost over {len(months)} months totals {i18n.money(total, unit, lang)}; the highest month "
            f"is {peak['month']} at {i18n.money(int(peak['billed_yen']), unit, lang)} (months in JST).")


def trend_table(months: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("月", "Month", lang): months["month"].to_list(),
        f"BilledCost ({u})": _u(months["billed_yen"], unit),
        f"EffectiveCost ({u})": _u(months["effective_yen"], unit),
        f"ListCost ({u})": _u(months["list_yen"], unit),
        f"ContractedCost ({u})": _u(months["contracted_yen"], unit),
        tr(f"割引 ListCost−ContractedCost ({u})", f"Negotiated discount ({u})", lang):
            _u(months["list_yen"] - months["contracted_yen"], unit),
    })


# ---------------------------------------------------------------- top services / resources
def top(df: pd.DataFrame, label: str, *, lang: str = "ja", unit: str = "hyakuman", key: str = "cloud_services") -> go.Figure:
    if df.empty:
        return style.empty(style.no_data(lang))
    fig = go.Figure(go.Bar(y=df[label].to_list(), x=_u(df["billed_yen"], unit), orientation="h", meta=key,
                           marker={"color": style.OKABE_ITO["blue"]},
                           hovertemplate="%{y}: %{x:,.1f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=style.money_axis_title(unit, lang))
    return style.layout(fig, height=max(260, 28 * len(df) + 90), legend=False)


def top_reading(df: pd.DataFrame, label: str, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if df.empty:
        return style.no_data(lang)
    first = df.iloc[0]
    share = int(first["billed_yen"]) / max(int(df["billed_yen"].sum()), 1)
    return tr(f"最大は {first[label]}（{i18n.money(int(first['billed_yen']), unit, lang)}、上位 {len(df)} 件の {share:.0%}）です。",
              f"The largest is {first[label]} ({i18n.money(int(first['billed_yen']), unit, lang)}, "
              f"{share:.0%} of the top {len(df)}).", lang)


def top_table(df: pd.DataFrame, label: str, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    out = df.drop(columns=[c for c in df.columns if c.endswith("_yen")]).copy()
    out[f"BilledCost ({u})"] = _u(df["billed_yen"], unit)
    return out


# ---------------------------------------------------------------- forecast
def forecast(months: pd.DataFrame, fc: dict | None, fy_months: list[str], *, lang: str = "ja",
             unit: str = "hyakuman") -> go.Figure:
    """Cumulative BilledCost through the year, with the run-rate forecast and its band."""
    if fc is None:
        return style.empty(tr("完了した年度には見込みはありません。", "A completed year has no forecast.", lang))
    billed = months.set_index("month")["billed_yen"].reindex(fy_months).fillna(0)
    seen = fy_months[:fc["months_elapsed"]]
    cumulative = billed.loc[seen].cumsum()
    labels = [_month_label(m, lang) for m in fy_months]
    fig = go.Figure()
    fig.add_scatter(x=labels[:len(seen)], y=_u(cumulative, unit), mode="lines+markers",
                    name=tr("実績（累計）", "Actual (cumulative)", lang), meta="cloud_forecast",
                    line={"color": style.OKABE_ITO["blue"]})
    end = labels[-1]
    last = labels[len(seen) - 1]
    for key, name, dash in (("forecast_yen", tr("見込み", "Forecast", lang), "dash"),
                            ("low_yen", tr("幅（下限）", "Band (low)", lang), "dot"),
                            ("high_yen", tr("幅（上限）", "Band (high)", lang), "dot")):
        fig.add_scatter(x=[last, end], y=_u([fc["actual_yen"], fc[key]], unit), mode="lines+markers",
                        name=name, line={"color": style.OKABE_ITO["orange"], "dash": dash})
    fig.update_yaxes(title=style.money_axis_title(unit, lang))
    return style.layout(fig)


def forecast_reading(fc: dict | None, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if fc is None:
        return tr("完了した年度には見込みはありません。", "A completed year has no forecast.", lang)
    m = lambda k: i18n.money(fc[k], unit, lang)  # noqa: E731
    return tr(f"{fc['months_elapsed']} か月の実績 {m('actual_yen')} と直近3か月の平均から、年度末までの見込みは "
              f"{m('forecast_yen')}（幅 {m('low_yen')}〜{m('high_yen')}）です。予算値は置き換えません。",
              f"From {fc['months_elapsed']} months' actual {m('actual_yen')} and the last three months' mean, the "
              f"year-end forecast is {m('forecast_yen')} (band {m('low_yen')}–{m('high_yen')}); it never replaces a budget.",
              lang)


def forecast_table(fc: dict | None, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    if fc is None:
        return pd.DataFrame()
    return pd.DataFrame({tr("項目", "Item", lang): list(fc), tr("値", "Value", lang): list(fc.values())})
