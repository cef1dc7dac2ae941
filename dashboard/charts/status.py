"""Migration status by operation, and 特定移行支援システム (delayed past FY2025)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr

# Green / indigo / orange: neighbours ≥ 21 apart (CAM02-UCS) under every simulated colour-vision
# deficiency, each ≥ 3:1 on white, and each with its own pattern.
STATUS_STYLE = {"migrated": (style.OKABE_ITO["green"], ""),
                "migrating": ("#332288", "."),
                "delayed": (style.OKABE_ITO["orange"], "x")}


def figure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/status_by_system. Stacked counts of organizations per operation and status."""
    if df.empty:
        return style.empty(_empty(lang))
    names = df.drop_duplicates("system_code").set_index("system_code")["name_ja" if lang == "ja" else "name_en"]
    fig = go.Figure()
    for status, (colour, pattern) in STATUS_STYLE.items():
        part = df[df["status"] == status].set_index("system_code").reindex(names.index)
        label = i18n.STATUS[status][lang]
        fig.add_trace(go.Bar(
            y=[f"{c} {n}" for c, n in names.items()], x=part["pairs"].fillna(0).astype(int),
            orientation="h", name=label, meta=status,
            marker={"color": colour, "pattern": {"shape": pattern}, "line": style.BAR_OUTLINE},
            customdata=[i18n.money(int(v), unit, lang) if v == v else "—" for v in part["current_yen"]],
            hovertemplate=f"%{{y}}<br>{label}: %{{x:,}}<br>" + tr("対象年度の経費", "Cost in the year", lang)
            + ": %{customdata}<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=tr("団体数", "Organizations", lang), tickformat=",")
    return style.layout(fig, height=max(320, 24 * len(names) + 100))


def _empty(lang: str) -> str:
    return tr("この範囲には移行状況のデータがありません。", "There is no migration status for this scope.", lang)


def reading(df: pd.DataFrame, summary: dict | None = None, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if df.empty:
        return _empty(lang)
    delayed = df[df["status"] == "delayed"]
    total = int(df["pairs"].sum())
    n = int(delayed["pairs"].sum())
    top = delayed.sort_values("pairs", ascending=False).head(1)
    cost = i18n.money(int(summary["delayed_current_yen"]), unit, lang) if summary else None
    if lang == "ja":
        text = f"{total:,} システムのうち {n:,}（{n / total:.0%}）が特定移行支援システムで"
        if summary:
            text += f"、{int(summary['orgs_delayed']):,} 団体にあり、その経費 {cost} はまだ移行前の基盤で運用されています"
        if len(top):
            text += f"。最も多いのは{top['name_ja'].iloc[0]}です。"
        return text if text.endswith("。") else text + "。"
    text = f"{n:,} of {total:,} systems ({n / total:.0%}) are delayed past FY2025"
    if summary:
        text += f", in {int(summary['orgs_delayed']):,} organizations, and {cost} of cost still runs pre-migration"
    if len(top):
        text += f"; most often {top['name_en'].iloc[0]}"
    return text + "."


def table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("コード", "Code", lang): df["system_code"].to_list(),
        tr("業務", "Operation", lang): df["name_ja" if lang == "ja" else "name_en"].to_list(),
        tr("移行状況", "Status", lang): [i18n.STATUS[s][lang] for s in df["status"]],
        tr("団体数", "Organizations", lang): df["pairs"].astype(int).to_list(),
        tr("移行予定年度（最遅）", "Planned year (latest)", lang):
            [i18n.fiscal_year(int(y), lang) if y == y and y is not None else "" for y in df["planned_fy_max"]],
        tr(f"対象年度の経費 ({u})", f"Cost in the year ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["current_yen"]],
    })
