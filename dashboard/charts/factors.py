"""Factor analysis: drivers × operations heatmap, factor–countermeasure matrix, savings by year."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr


def _empty(lang: str) -> str:
    return tr("この範囲・年度には要因・対策の按分データがありません。",
              "There are no driver attributions for this scope and year.", lang)


def _z(pivot: pd.DataFrame, unit: str) -> list[list[float | None]]:
    return [[None if pd.isna(v) else i18n.in_unit(float(v), unit) for v in row]
            for row in pivot.astype("float64").to_numpy().tolist()]


def _heat(z, x, y, unit, lang, meta, height, tick_px: int | None = None) -> go.Figure:
    values = [v for row in z for v in row if v is not None]
    limit = max([abs(v) for v in values] + [1e-9])
    digits = ",.1f" if unit == "oku" else ",.0f"
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, colorscale=style.DIVERGING, zmid=0, zmin=-limit, zmax=limit, meta=meta,
        text=[[("" if v is None else f"{v:{digits}}") for v in row] for row in z],
        texttemplate="%{text}", textfont={"size": 10}, hoverongaps=False, xgap=1, ygap=1,
        colorbar={"title": {"text": i18n.unit_label(unit, lang)}},
        hovertemplate=f"%{{y}}<br>%{{x}}<br>{style.hover_money(unit, lang, 'z')}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    # Vertical column names: their boxes are one line high, so 20 columns never overlap.
    fig.update_xaxes(tickangle=-90, side="bottom")
    fig = style.layout(fig, height=height, legend=False)
    if tick_px:
        # Every row and column labelled (Plotly would drop every other one when they crowd),
        # at a size that the export template does not enlarge: 28 rows of 18-px names need
        # more height than a 1600 x 900 image has.
        fig.update_xaxes(dtick=1, tickfont={"size": tick_px})
        fig.update_yaxes(dtick=1, tickfont={"size": tick_px})
    return fig


# ---------------------------------------------------------------- drivers × operations
def driver_system(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/driver_system."""
    if df.empty:
        return style.empty(_empty(lang))
    pivot = _driver_pivot(df, lang, wrap=18)
    z = _z(pivot, unit)
    return _heat(z, list(pivot.columns), list(pivot.index), unit, lang, "driver_system",
                 height=max(420, 22 * len(pivot) + 160), tick_px=12)


def _driver_pivot(df: pd.DataFrame, lang: str, wrap: int = 0) -> pd.DataFrame:
    rows = df.assign(
        driver=[f"{c} {_short(n, 16 if lang == 'ja' else 28)}" for c, n in
                zip(df["driver_code"], df["name_ja" if lang == "ja" else "name_en"])],
        # the figure's vertical names wrap (their length is height the 28 rows lack); tables do not
        system=[f"{c} {style.wrap(str(n), wrap) if wrap else n}" for c, n in
                zip(df["system_code"], df["system_ja" if lang == "ja" else "system_en"])])
    order = rows.sort_values("sort_order")["driver"].drop_duplicates()
    return rows.pivot_table(index="driver", columns="system", values="amount_yen", aggfunc="sum").reindex(order)


def driver_system_reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if df.empty:
        return _empty(lang)
    top = df.loc[df["amount_yen"].idxmax()]
    if lang == "ja":
        return (f"要因と業務の組合せで最も大きいのは「{top['name_ja']}」×{top['system_ja']}"
                f"（{i18n.money(int(top['amount_yen']), unit)}）です。")
    return (f"The largest driver-operation cell is '{top['name_en']}' in {top['system_en']} "
            f"({i18n.money(int(top['amount_yen']), unit, 'en')}).")


def driver_system_table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame()
    return (_driver_pivot(df, lang) / i18n.UNITS[unit][0]).reset_index().rename(
        columns={"driver": tr("要因・対策", "Driver", lang)})


# ---------------------------------------------------------------- factor × countermeasure
def factor_measure(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/factor_measure. Cells hold the countermeasure's amount where it answers the factor."""
    if df.empty or (df["factor_yen"].abs().sum() == 0 and df["measure_yen"].fillna(0).abs().sum() == 0):
        return style.empty(_empty(lang))
    pivot = _matrix(df, lang)
    z = _z(pivot, unit)
    return _heat(z, list(pivot.columns), list(pivot.index), unit, lang, "factor_measure",
                 height=max(420, 26 * len(pivot) + 200))


def _short(text: str, size: int) -> str:
    """A name cut to `size` characters with an ellipsis, so a row or column label stays one line."""
    text = str(text)
    return text if len(text) <= size else text[:size - 1] + "…"


def _matrix(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    # Names, not bare codes: a councillor reads 「物価上昇」, not E01 (the code stays for the tables).
    factor_name, measure_name = ("factor_ja", "measure_ja") if lang == "ja" else ("factor_en", "measure_en")
    size = 14 if lang == "ja" else 26
    rows = df.assign(
        factor=[f"{c} {_short(n, size)} ({i18n.money(int(v), 'hyakuman', lang, with_unit=False)})" for c, n, v in
                zip(df["factor_code"], df[factor_name], df["factor_yen"])],
        # column names run vertically: kept short so the rows keep their height in a 900-px export
        measure=[tr("財政措置", "fiscal measures", lang) if pd.isna(c) else f"{c} {_short(n, size * 2 // 3)}"
                 for c, n in zip(df["measure_code"], df[measure_name])])
    order = rows.sort_values("factor_sort")["factor"].drop_duplicates()
    measures = rows.dropna(subset=["measure_sort"]).sort_values("measure_sort")["measure"].drop_duplicates()
    columns = list(measures) + ([tr("財政措置", "fiscal measures", lang)] if df["measure_code"].isna().any() else [])
    return rows.pivot_table(index="factor", columns="measure", values="measure_yen", aggfunc="sum",
                            dropna=False).reindex(index=order, columns=columns)


def factor_measure_reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if df.empty:
        return _empty(lang)
    factors = df.drop_duplicates("factor_code")
    top = factors.loc[factors["factor_yen"].idxmax()]
    answers = df[df["factor_code"] == top["factor_code"]].dropna(subset=["measure_code"])
    saved = int(answers["measure_yen"].sum())
    if lang == "ja":
        return (f"最大の要因 {top['factor_code']}「{top['factor_ja']}」（{i18n.money(int(top['factor_yen']), unit)}）に"
                f"対応する対策 {len(answers)} 件の効果は合計 {i18n.money(saved, unit)} です（行見出しの括弧内は要因額・百万円）。")
    return (f"The largest factor {top['factor_code']} ({i18n.money(int(top['factor_yen']), unit, 'en')}) is answered by "
            f"{len(answers)} countermeasures worth {i18n.money(saved, unit, 'en')} together "
            "(row labels show the factor amount in million yen).")


def factor_measure_table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("要因", "Factor", lang): df["factor_code"] + " " + df["factor_ja" if lang == "ja" else "factor_en"],
        tr(f"要因額 ({u})", f"Factor amount ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["factor_yen"]],
        tr("対策", "Countermeasure", lang): (df["measure_code"] + " " + df["measure_ja" if lang == "ja" else "measure_en"])
        .fillna(tr("（財政措置）", "(fiscal measures)", lang)),
        tr(f"対策額 ({u})", f"Countermeasure amount ({u})", lang):
            [None if pd.isna(v) else i18n.in_unit(int(v), unit) for v in df["measure_yen"]],
    })


# ---------------------------------------------------------------- countermeasure savings by year
def measure_by_year(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/measure_by_year."""
    if df.empty:
        return style.empty(_empty(lang))
    fig = go.Figure()
    for i, (group, part) in enumerate(df.groupby("group_key", sort=False)):
        by_year = part.groupby("fiscal_year", as_index=False)["amount_yen"].sum()
        name = part["group_ja" if lang == "ja" else "group_en"].iloc[0]
        fig.add_trace(go.Bar(
            x=by_year["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in by_year["amount_yen"]],
            name=name, meta=group, marker={"color": [style.OKABE_ITO["blue"], style.OKABE_ITO["green"]][i % 2],
                                           "pattern": {"shape": ["", "/"][i % 2]}, "line": style.BAR_OUTLINE},
            hovertemplate=f"{name} FY%{{x}}: {style.hover_money(unit, lang)}<extra></extra>"))
    fig.update_layout(barmode="relative")
    style.year_axis(fig, sorted(df["fiscal_year"].unique()), lang)
    fig.update_yaxes(title=style.money_axis_title(unit, lang) + tr("（負 = 削減）", " (negative = saving)", lang),
                     tickformat=",")
    return style.layout(fig, height=400)


def measure_by_year_reading(df: pd.DataFrame, *, fy: int, lang: str = "ja", unit: str = "hyakuman") -> str:
    rows = df[df["fiscal_year"] == fy]
    if rows.empty:
        return _empty(lang)
    total = int(rows["amount_yen"].sum())
    top = rows.loc[rows["amount_yen"].idxmin()]
    if lang == "ja":
        return (f"{i18n.fiscal_year(fy)}の対策による増減は合計 {i18n.money(total, unit)} で、最も効果が大きいのは"
                f"{top['driver_code']}「{top['name_ja']}」（{i18n.money(int(top['amount_yen']), unit)}）です。")
    return (f"Countermeasures change {i18n.fiscal_year(fy, 'en')} costs by {i18n.money(total, unit, 'en')} in total; "
            f"the most effective is {top['driver_code']} '{top['name_en']}' ({i18n.money(int(top['amount_yen']), unit, 'en')}).")


def measure_by_year_table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame()
    rows = df.assign(measure=df["driver_code"] + " " + df["name_ja" if lang == "ja" else "name_en"])
    pivot = rows.pivot_table(index="measure", columns="fiscal_year", values="amount_yen", aggfunc="sum") / i18n.UNITS[unit][0]
    pivot.columns = [i18n.fiscal_year(int(c), lang) for c in pivot.columns]
    return pivot.reset_index().rename(columns={"measure": tr("対策", "Countermeasure", lang)})
