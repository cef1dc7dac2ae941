"""Change by operation (20) and by cost item; the prefecture's own systems (16, 19)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import i18n
from dashboard.charts import style
from dashboard.charts.labels import tr


def _rates(df: pd.DataFrame) -> list[float | None]:
    return [style.change_rate(int(b), int(c)) for b, c in zip(df["baseline_yen"], df["current_yen"])]


def _name(row, lang: str, ja: str = "name_ja") -> str:
    return row[ja] if lang == "ja" else row["name_en"]


# ---------------------------------------------------------------- by operation
def by_system(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: metrics/by_system. Horizontal bars of the change against FY2018, -30% marked."""
    rows = df[df["baseline_yen"] > 0]
    if rows.empty:
        return style.empty(style.no_data(lang))
    rates = _rates(rows)
    names = [f"{r.system_code} {_name(r._asdict(), lang)}" for r in rows.itertuples()]
    fig = go.Figure(go.Bar(
        y=names, x=[100 * r for r in rates], orientation="h", meta="by_system",
        marker={"color": [style.INCREASE if r > 0 else style.DECREASE for r in rates]},
        text=[style.pct(r) for r in rates], textposition="outside", cliponaxis=False,
        customdata=[[i18n.money(int(b), unit, lang), i18n.money(int(c), unit, lang)]
                    for b, c in zip(rows["baseline_yen"], rows["current_yen"])],
        hovertemplate=("%{y}: %{x:+.1f}%<br>" + tr("基準", "Baseline", lang) + ": %{customdata[0]}<br>"
                       + tr("対象年度", "Chosen year", lang) + ": %{customdata[1]}<extra></extra>")))
    fig.add_vline(x=-30, line={"dash": "dashdot", "color": style.TARGET_COLOUR},
                  annotation_text=tr("目標 -30%", "Target -30%", lang))
    fig.add_vline(x=0, line={"color": "#444444", "width": 1})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=tr("基準年度比 (%)", "Change against FY2018 (%)", lang), ticksuffix="%",
                     range=style.value_label_range([100 * r for r in rates], floor=-35))
    return style.layout(fig, height=max(300, 26 * len(rows) + 80), legend=False)


def by_system_reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    rows = df[df["baseline_yen"] > 0]
    if rows.empty:
        return style.no_data(lang)
    rates = pd.Series(_rates(rows), index=rows.index)
    up, reached = int((rates > 0).sum()), int((rates <= -0.3).sum())
    worst = rows.loc[rates.idxmax()]
    if lang == "ja":
        return (f"{len(rows)} 業務のうち {up} 業務が基準年度を上回り、-30% に達したのは {reached} 業務で、"
                f"増加率が最も大きいのは{worst['name_ja']}（{style.pct(rates.max())}）です。")
    return (f"{up} of {len(rows)} operations are above FY2018 and {reached} reach -30%; the largest "
            f"increase is in {worst['name_en']} ({style.pct(rates.max())}).")


def by_system_table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("コード", "Code", lang): df["system_code"].to_list(),
        tr("業務", "Operation", lang): df["name_ja" if lang == "ja" else "name_en"].to_list(),
        tr(f"基準 ({u})", f"Baseline ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["baseline_yen"]],
        tr(f"対象年度 ({u})", f"Chosen year ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["current_yen"]],
        tr("基準比", "Change", lang): _rates(df),
        tr("比較できた組", "Matched pairs", lang): df["pairs_matched"].astype(int).to_list(),
    })


# ---------------------------------------------------------------- by cost item
def by_item(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/by_item. Baseline and chosen year side by side; new GC items hatched and labelled."""
    if int(df["baseline_yen"].sum()) == 0:
        return style.empty(style.no_data(lang))
    names = [(r["short_name_ja"] if lang == "ja" else r["name_en"])
             + (tr("（新規）", " (new)", lang) if r["new_after_migration"] else "")
             for _, r in df.iterrows()]
    # baseline dotted, chosen year solid (new GC items hatched): told apart without colour
    hatched = [style.NEW_ITEM_PATTERN if n else "" for n in df["new_after_migration"]]
    fig = go.Figure()
    for key, column, colour, patterns, name in (
            ("baseline", "baseline_yen", style.OKABE_ITO["grey"], ["."] * len(df),
             tr("基準（平成30年度）", "Baseline (FY2018)", lang)),
            ("current", "current_yen", style.OKABE_ITO["blue"], hatched, tr("対象年度", "Chosen year", lang))):
        values = [i18n.in_unit(int(v), unit) for v in df[column]]
        # Horizontal bars: twelve long item names read across instead of as rotated ticks.
        fig.add_trace(go.Bar(y=names, x=values, name=name, meta=key, orientation="h",
                             marker={"color": colour, "pattern": {"shape": patterns}, "line": style.BAR_OUTLINE},
                             hovertemplate=f"%{{y}}<br>{name}: {style.hover_money(unit, lang, 'x')}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    # The note on hatching is part of the axis title, so Plotly reserves its room (automargin).
    note = style.wrap(tr("斜線・（新規）= 移行後に生じる新たな経費（基準年度は 0）",
                         "Hatched, (new) = costs that arise only after migration (none in FY2018)", lang), 40)
    widest = [i18n.in_unit(int(v), unit) for v in df[["baseline_yen", "current_yen"]].max(axis=1)]
    fig.update_xaxes(title={"text": f"{style.money_axis_title(unit, lang)}<br><span style='font-size:11px'>{note}</span>"},
                     tickformat=",", **style.sparse_ticks(widest))
    return style.layout(fig, height=max(460, 34 * len(names) + 160))


def by_item_reading(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> str:
    if int(df["baseline_yen"].sum()) == 0:
        return style.no_data(lang)
    growth = df["current_yen"].astype("int64") - df["baseline_yen"].astype("int64")
    top = df.loc[growth.idxmax()]
    new_yen = int(df.loc[df["new_after_migration"], "current_yen"].sum())
    sw = df[df["software_related"]]
    sw_growth = int(sw["current_yen"].sum()) - int(sw["baseline_yen"].sum())
    if lang == "ja":
        return (f"最も増えた費目は{top['short_name_ja']}（{i18n.money(int(growth.max()), unit)} 増）で、"
                f"ソフトウェア関連経費の増減は {i18n.money(sw_growth, unit)}、移行後の新たな経費は "
                f"{i18n.money(new_yen, unit)} です。")
    return (f"The largest increase is in {top['name_en']} (+{i18n.money(int(growth.max()), unit, 'en')}); "
            f"software-related costs changed by {i18n.money(sw_growth, unit, 'en')} and new "
            f"post-migration costs add {i18n.money(new_yen, unit, 'en')}.")


def by_item_table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("費目", "Cost item", lang): df["name_ja" if lang == "ja" else "name_en"].to_list(),
        tr("区分", "Group", lang): df["group_ja" if lang == "ja" else "group_en"].to_list(),
        tr("移行後の新規経費", "New after migration", lang): [tr("新規", "new", lang) if n else ""
                                                             for n in df["new_after_migration"]],
        tr(f"基準 ({u})", f"Baseline ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["baseline_yen"]],
        tr(f"対象年度 ({u})", f"Chosen year ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["current_yen"]],
        tr("基準比", "Change", lang): _rates(df),
    })


# ---------------------------------------------------------------- prefecture's own systems
def _own_empty(lang: str) -> str:
    return tr("この範囲には都道府県が自ら運用する業務（生活保護・児童扶養手当）のデータがありません。",
              "No figures for the systems a prefecture runs itself (public assistance, "
              "child-rearing allowance) in this scope.", lang)


def own_systems(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> go.Figure:
    """df: pages/trajectory-like rows per system: system_code, name_ja, name_en, fiscal_year,
    baseline_yen, current_yen, basis (the prefecture's own organization, systems 16 and 19)."""
    if df.empty:
        return style.empty(_own_empty(lang))
    fig = go.Figure()
    for i, (code, part) in enumerate(df.groupby("system_code")):
        name = part["name_ja" if lang == "ja" else "name_en"].iloc[0]
        look = style.series_style(i)            # each system its own colour and marker
        colour = look["color"]
        for basis, dash in (("actual", "solid"), ("projected", "dash")):
            seg = part[part["basis"] == basis]
            if basis == "projected":
                seg = pd.concat([part[part["basis"] == "actual"].tail(1), seg])
            if seg.empty:
                continue
            fig.add_trace(go.Scatter(
                x=seg["fiscal_year"], y=[i18n.in_unit(int(v), unit) for v in seg["current_yen"]],
                mode="lines+markers", name=f"{name} ({'実績' if basis == 'actual' else '見込'})"
                if lang == "ja" else f"{name} ({basis})",
                line={"color": colour, "dash": dash}, meta=f"own:{code}:{basis}",
                marker={"symbol": look["symbol"], "size": 8},
                hovertemplate=f"{name} FY%{{x}}: {style.hover_money(unit, lang)}<extra></extra>"))
    style.year_axis(fig, sorted(df["fiscal_year"].unique()), lang, every=2)
    fig.update_yaxes(title=style.money_axis_title(unit, lang), rangemode="tozero", tickformat=",")
    return style.layout(fig, height=380)


def own_systems_reading(df: pd.DataFrame, *, fy: int, lang: str = "ja", unit: str = "hyakuman") -> str:
    rows = df[df["fiscal_year"] == fy]
    if rows.empty:
        return _own_empty(lang) if df.empty else style.no_data(lang)
    parts = []
    for r in rows.itertuples():
        ratio = r.current_yen / r.baseline_yen if r.baseline_yen else None
        parts.append(f"{r.name_ja if lang == 'ja' else r.name_en} {i18n.ratio(ratio) if lang == 'ja' else (f'{ratio:.2f}x' if ratio else '—')}")
    if lang == "ja":
        return f"都道府県が町村部のために自ら運用する業務の{i18n.fiscal_year(fy)}の基準年度比は、" + "、".join(parts) + " です。"
    return (f"For the systems the prefecture runs itself for its towns and villages, {i18n.fiscal_year(fy, 'en')} "
            "stands at " + ", ".join(parts) + " of FY2018.")


def own_systems_table(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman") -> pd.DataFrame:
    u = i18n.unit_label(unit, lang)
    return pd.DataFrame({
        tr("業務", "Operation", lang): df["name_ja" if lang == "ja" else "name_en"].to_list(),
        tr("年度", "Fiscal year", lang): [i18n.fiscal_year(int(y), lang) for y in df["fiscal_year"]],
        tr("区分", "Basis", lang): [i18n.BASIS[b][lang] for b in df["basis"]],
        tr(f"基準 ({u})", f"Baseline ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["baseline_yen"]],
        tr(f"金額 ({u})", f"Amount ({u})", lang): [i18n.in_unit(int(v), unit) for v in df["current_yen"]],
        tr("基準比", "Change", lang): _rates(df),
    })
