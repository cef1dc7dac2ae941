"""New Government Cloud connection-line and operations-support costs across a prefecture's
municipalities: what a joint procurement by the prefecture would cover (the seed's request)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr

COLOURS = {"gc_network": (style.OKABE_ITO["orange"], "/"), "gc_ops": (style.OKABE_ITO["purple"], "\\")}


def figure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/gc_joint."""
    if df.empty or int(df["current_yen"].sum()) == 0:
        return style.empty(_empty(lang))
    fig = go.Figure()
    for key, part in df.groupby("item_key", sort=True):
        colour, pattern = COLOURS.get(key, (style.OKABE_ITO["grey"], ""))
        name = part["short_name_ja" if lang == "ja" else "name_en"].iloc[0]
        fig.add_trace(go.Bar(
            x=part["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in part["current_yen"]],
            name=name, meta=key, marker={"color": colour, "pattern": {"shape": pattern}, "line": style.BAR_OUTLINE},
            customdata=part["orgs"].astype(int),
            hovertemplate=f"{name} FY%{{x}}: {style.hover_money(unit, lang)}<br>"
                          + tr("団体数", "Organizations", lang) + ": %{customdata}<extra></extra>"))
    fig.update_layout(barmode="stack")
    style.year_axis(fig, sorted(df["fiscal_year"].unique()), lang, every=2)
    fig.update_yaxes(title=style.money_axis_title(unit, lang), tickformat=",")
    return style.layout(fig, height=380)


def _empty(lang: str) -> str:
    return tr("この範囲の市区町村にはGC接続回線費・運用管理補助委託費がまだありません。",
              "The municipalities of this scope have no GC connection-line or operations-support costs yet.", lang)


def reading(df: pd.DataFrame, *, fy: int, lang: str = "ja", unit: str = "hyakuman") -> str:
    rows = df[df["fiscal_year"] == fy]
    if rows.empty or int(rows["current_yen"].sum()) == 0:
        return _empty(lang)
    total = int(rows["current_yen"].sum())
    orgs = int(rows["orgs"].max())
    if lang == "ja":
        return (f"{i18n.fiscal_year(fy)}に市区町村 {orgs} 団体が負担するGC接続回線費と運用管理補助委託費は"
                f"合計 {i18n.money(total, unit)} で、都道府県による共同調達の対象になり得る額です。")
    return (f"In {i18n.fiscal_year(fy, 'en')}, {orgs} municipalities pay {i18n.money(total, unit, 'en')} "
            "for GC connection lines and operations support together: the amount a joint procurement could address.")


def table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("年度", "Fiscal year", lang): [i18n.fiscal_year(int(y), lang) for y in df["fiscal_year"]],
        tr("費目", "Cost item", lang): df["short_name_ja" if lang == "ja" else "name_en"].to_list(),
        tr(f"金額 ({u})", f"Amount ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["current_yen"]],
        tr("団体数", "Organizations", lang): df["orgs"].astype(int).to_list(),
    })
