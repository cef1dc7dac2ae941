"""Top drivers of the change for a scope: the factors by name, largest first, coloured and
patterned by group (structural, function enhancement, external).

The briefing view of the factor analysis. The 28 × 20 drivers × operations heatmap cannot be
read on a projected slide (every other row label dropped, 8-px numbers), so the pack shows
this chart and the page keeps the full matrix in an expander.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr

GROUPS = ("structural", "enhancement", "external")
# Eight bars: a name wrapped to two lines of 18-px text needs ~50 px, and a 1280 x 720 slide
# chart has ~430 px of plot height, so eight is what fits with every name on its own row.
TOP = 8
GROUP_STYLE = {"structural": (style.OKABE_ITO["vermillion"], ""),
               "enhancement": (style.OKABE_ITO["blue"], "/"),
               "external": (style.OKABE_ITO["yellow"], ".")}


def top(df: pd.DataFrame, n: int = TOP) -> pd.DataFrame:
    """df: metrics/by_driver. The n factors (countermeasures excluded) with the largest
    attributed amount by size, ties in reference order."""
    factors = df[~df["is_countermeasure"].astype(bool) & (df["amount_yen"] != 0)]
    return (factors.assign(_size=factors["amount_yen"].abs())
            .sort_values(["_size", "sort_order"], ascending=[False, True]).head(n).drop(columns="_size"))


def _group_name(rows: pd.DataFrame, group: str, lang: str) -> str:
    return str(rows.loc[rows["group_key"] == group, "group_ja" if lang == "ja" else "group_en"].iloc[0])


def figure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    rows = top(df)
    if rows.empty:
        return style.empty(_empty(lang))
    names = [_two_lines(str(n), lang) for n in rows["name_ja" if lang == "ja" else "name_en"]]
    values = [i18n.in_unit(int(v), unit) for v in rows["amount_yen"]]
    digits = ",.1f" if unit == "oku" else ",.0f"
    fig = go.Figure()
    for group in (g for g in GROUPS if g in set(rows["group_key"])):
        picked = [i for i, g in enumerate(rows["group_key"]) if g == group]
        colour, pattern = GROUP_STYLE[group]
        label = _group_name(rows, group, lang)
        fig.add_trace(go.Bar(
            y=[names[i] for i in picked], x=[values[i] for i in picked], orientation="h",
            name=label, meta=f"group:{group}", text=[f"{values[i]:+{digits}}".replace("-", i18n.MINUS) for i in picked],
            textposition="outside", cliponaxis=False,
            marker={"color": colour, "pattern": {"shape": pattern}, "line": style.BAR_OUTLINE},
            hovertemplate=f"%{{y}}<br>{label}: {style.hover_money(unit, lang, 'x')}<extra></extra>"))
    # one bar per row, so overlay draws each at full width (grouped bars would be offset)
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed")
    # room beyond the longest bar for its value label, so it is never clipped at the edge
    fig.update_xaxes(range=style.value_label_range(values), tickformat=",",
                     title=style.money_axis_title(unit, lang), **style.sparse_ticks(values, 4))
    return style.layout(fig, height=60 * len(rows) + 140)


# Where a Japanese name may break: after these, or before an opening bracket.
BREAK_AFTER, BREAK_BEFORE = "・、の）で", "（"
LINE_UNITS = {"ja": 32, "en": 36}     # a line's width, a CJK character counting two (style.wrap)


def _units(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _two_lines(name: str, lang: str) -> str:
    """A factor's name on at most two lines. Japanese breaks at a natural point (after 「・」
    or 「の」, before 「（」) nearest the middle, not mid-word as a cut by width would
    (「セキュリテ / ィ」); English at spaces."""
    limit = LINE_UNITS[lang]
    if _units(name) <= limit or lang != "ja":
        return style.wrap(name, limit)
    cuts = [i + 1 for i, ch in enumerate(name) if ch in BREAK_AFTER] + \
           [i for i, ch in enumerate(name) if ch in BREAK_BEFORE and i > 0]
    fitting = [i for i in cuts if _units(name[:i]) <= limit and _units(name[i:]) <= limit]
    if not fitting:
        return style.wrap(name, limit)
    best = min(fitting, key=lambda i: abs(_units(name[:i]) - _units(name[i:])))
    return name[:best] + "<br>" + name[best:]


def _empty(lang: str) -> str:
    return tr("この範囲・年度には要因の按分データがありません。",
              "There are no factor attributions for this scope and year.", lang)


def reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    rows = top(df)
    if rows.empty:
        return _empty(lang)
    first = rows.iloc[0]
    all_factors = int(df.loc[~df["is_countermeasure"].astype(bool), "amount_yen"].sum())
    shown = int(rows["amount_yen"].sum())
    if lang == "ja":
        return (f"最大の要因は「{first['name_ja']}」（{i18n.money(int(first['amount_yen']), unit)}）です。"
                f"上位{len(rows)}要因の合計は {i18n.money(shown, unit)}（要因全体 {i18n.money(all_factors, unit)}）です。")
    return (f"The largest factor is '{first['name_en']}' ({i18n.money(int(first['amount_yen']), unit, 'en')}); "
            f"the top {len(rows)} factors add {i18n.money(shown, unit, 'en')} of "
            f"{i18n.money(all_factors, unit, 'en')} from all factors.")


def table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    rows = top(df)
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("順位", "Rank", lang): range(1, len(rows) + 1),
        tr("区分", "Group", lang): rows["group_ja" if lang == "ja" else "group_en"].to_list(),
        tr("コード", "Code", lang): rows["driver_code"].to_list(),
        tr("要因", "Factor", lang): rows["name_ja" if lang == "ja" else "name_en"].to_list(),
        tr(f"金額 ({u})", f"Amount ({u})", lang): [i18n.in_unit(int(v), unit) for v in rows["amount_yen"]],
    })
