"""Shared page parts: URL-bound settings, the header, KPI cards, chart blocks, empty states.

Every filter is a widget bound to a query parameter (bind="query-params", the key is the
parameter name), so a link reproduces the exact view: fy, lang, unit, pref, org, stacked.
Scopes come only from dashboard.access (the URL can only narrow the allowed scope).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import access, fiscal, i18n, reference, sanitize, session, views
from dashboard.charts.labels import pref_name
from dashboard.catalog import ChartSpec
from dashboard.ui import a11y, deliver
from dashboard.scope import Scope
from dashboard.ui.context import PageContext
from dashboard.ui.downloads import chart_downloads   # PNG/SVG/PDF, made only on click

T = {  # UI wording: (ja, en)
    "lang": ("言語 / Language", "言語 / Language"),
    "unit": ("表示単位", "Unit"),
    "fy": ("対象年度", "Fiscal year"),
    "pref": ("都道府県", "Prefecture"),
    "org": ("団体", "Organization"),
    "choose": ("選んでください", "Choose"),
    "stacked": ("費目別に積み上げる", "Stack by cost item"),
    "table": ("表を見る（CSVダウンロード）", "Table (CSV download)"),
    "details": ("表とダウンロード（CSV・PNG・SVG・PDF）", "Table and downloads (CSV, PNG, SVG, PDF)"),
    "download": ("CSVをダウンロード", "Download CSV"),
    "basis": ("区分", "Basis"),
    "as_of": ("データ時点", "Data as of"),
    "coverage": ("カバー率", "Coverage"),
    "baseline": ("基準（平成30年度）", "Baseline (FY2018)"),
    "current": ("対象年度", "Chosen year"),
    "rate": ("基準年度比（目標 −30%）", "Change vs FY2018 (target −30%)"),
    "gap": ("目標まであと", "Still to cut"),
    "over": ("基準超過の団体", "Orgs over baseline"),
    "on_target": ("3割削減（−30%）達成の団体", "Orgs at −30% or better"),
    "no_years": ("この範囲にはまだ比較できるデータがありません。基準年度（平成30年度の実績）と対象年度の両方がある"
                 "団体×業務の組ができると表示されます。",
                 "This scope has no comparable figures yet. They appear once an organization × operation "
                 "has both an FY2018 actual and a figure for a later year."),
}




def t(key: str, lang: str) -> str:
    ja, en = T[key]
    return ja if lang == "ja" else en


@dataclass
class Settings:
    lang: str
    unit: str


# ---------------------------------------------------------------- URL-bound widgets
# Streamlit's bind="query-params" writes the *formatted* option into the URL (?lang=English,
# ?pref=35 鳥取県), so we bind by hand: the URL is the single source of truth, a widget is
# seeded from it on every run, and its on_change callback writes the raw value back
# (?lang=en, ?pref=35). A value equal to the default is left out of the URL.
def _url_value(param: str, options: list, default):
    raw = st.query_params.get(param)
    for option in options:
        if raw is not None and str(option) == raw:
            return option
    return default


def _write_url(param: str, default) -> None:
    value = st.session_state[f"qp_{param}"]
    if value is None or value == default:
        st.query_params.pop(param, None)
        # A choice put back to its default must not be restored by remember() on the next run.
        st.session_state.pop(f"_keep_{param}", None)
    else:
        text = str(value).lower() if isinstance(value, bool) else str(value)
        st.query_params[param] = text
        st.session_state[f"_keep_{param}"] = text


def bound(widget, label: str, options: list, param: str, default, **kwargs):
    """A selection widget (st.selectbox/st.radio/...) bound to ?param=."""
    key = f"qp_{param}"
    value = _url_value(param, options, default)
    if st.session_state.get(key, "\0unset") != value:
        st.session_state[key] = value
    # The default index also follows the URL (a keyed widget keeps its identity when it
    # changes), so that the value a widget reports before any interaction is the URL's.
    kwargs["index"] = None if value is None else options.index(value)
    return widget(label, options, key=key, on_change=_write_url, args=(param, default), **kwargs)


def remember(params=("lang", "unit")) -> None:
    """Carry settings over a page switch (st.navigation drops query parameters): lang and unit
    everywhere, and the year, prefecture and organization on the pages that use them."""
    for param in params:
        if param in st.query_params:
            st.session_state[f"_keep_{param}"] = st.query_params[param]
        elif f"_keep_{param}" in st.session_state:
            st.query_params[param] = st.session_state[f"_keep_{param}"]


def settings() -> Settings:
    """Language and unit (sidebar, bound to ?lang= and ?unit=)."""
    remember()
    with st.sidebar:
        lang = bound(st.radio, T["lang"][0], ["ja", "en"], "lang", "ja", horizontal=True,
                     format_func=lambda v: {"ja": "日本語", "en": "English"}[v])
        units = list(i18n.UNITS)
        unit = bound(st.radio, t("unit", lang), units, "unit", i18n.DEFAULT_UNIT, horizontal=True,
                     format_func=lambda u: i18n.unit_label(u, lang))
    return Settings(lang, unit)


def fiscal_year(scope: Scope, lang: str, label: str | None = None) -> int | None:
    """The target year (?fy=); by default the current fiscal year by Japan's date when it has
    data, else the latest year on actuals. Years resting on budgets/estimates are marked 見込."""
    remember(("fy",))
    rows = views.year_rows(scope)
    if rows.empty:
        return None
    years = [int(y) for y in rows["fiscal_year"]]
    projected = {int(y) for y, p in zip(rows["fiscal_year"], rows["pairs_projected"]) if int(p) > 0}
    mark = tr("（見込）", " (projected)", lang)

    def show(y: int) -> str:
        return i18n.fiscal_year(y, lang) + (mark if y in projected else "")
    with st.sidebar:
        return bound(st.selectbox, label or t("fy", lang), years, "fy", fiscal.default_year(rows),
                     format_func=show)


def refuse(exc: access.OutOfScope, lang: str = "ja") -> None:
    """Show a refusal in place of the page and stop the run. Names nothing outside the scope."""
    user = session.current_user()
    mine = user.scope.label(lang) if user else "-"
    if isinstance(exc, (access.NotSignedIn, access.ImportNotAllowed)):
        st.error(str(exc))
    elif lang == "en":
        st.error(f"Not in your scope: you may see {mine} only. "
                 "(指定された範囲は閲覧できる範囲の外です)")
    else:
        st.error(f"指定された範囲は閲覧できる範囲の外です（閲覧できる範囲：{mine}）。 / "
                 "Not in your scope.")
    st.stop()


def refuse_if_outside(lang: str, pref: str | None = None, org: str | None = None) -> None:
    """Check a raw URL parameter before its widget (which would silently drop an unknown value)."""
    try:
        session.requested_scope(pref=pref, org=org)
    except access.OutOfScope as exc:
        refuse(exc, lang)


def raw_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value or None


def pref_picker(lang: str) -> str | None:
    """?pref=NN among the prefectures the user may see (default: the user's own prefecture)."""
    remember(("pref",))
    requested = raw_param("pref")
    if requested:
        refuse_if_outside(lang, pref=requested)
    codes = sorted(session.orgs_in_scope()["pref_code"].unique())
    names = reference.prefecture_names()
    allowed = session.allowed_scope()
    default = allowed.pref_code if allowed.kind != "national" and allowed.pref_code in codes else None
    with st.sidebar:
        return bound(st.selectbox, t("pref", lang), codes, "pref", default, placeholder=t("choose", lang),
                     format_func=lambda c: f"{c} {pref_name(c, names[c], lang)}")


def org_picker(lang: str, pref: str | None = None) -> str | None:
    """?org=CODE among the organizations the user may see (of one prefecture if given)."""
    remember(("org",))
    requested = raw_param("org")
    if requested:
        refuse_if_outside(lang, org=requested)
    orgs = session.orgs_in_scope()
    if pref:
        orgs = orgs[orgs["pref_code"] == pref]
    codes = orgs["org_code"].tolist()
    labels = dict(zip(orgs["org_code"], orgs["pref_name"] + " " + orgs["name"]))
    allowed = session.allowed_scope()
    default = allowed.code if allowed.kind == "org" and allowed.code in codes else None
    with st.sidebar:
        return bound(st.selectbox, t("org", lang), codes, "org", default, placeholder=t("choose", lang),
                     format_func=lambda c: f"{c} {labels[c]}")


def stacked_toggle(lang: str) -> bool:
    key = "qp_stacked"
    value = st.query_params.get("stacked") == "true"
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    return st.toggle(t("stacked", lang), value=value, key=key, on_change=_write_url, args=("stacked", False))


# ---------------------------------------------------------------- header and KPIs
def header(title: str, scope: Scope, fy: int, lang: str, unit: str, summary: dict) -> None:
    st.title(f"{title} — {scope.label(lang)}")
    status = views.data_status(scope)           # the as-of time of this scope's figures only
    if bool(status.get("is_demo")):
        st.warning(i18n.DEMO_NOTICE[lang], icon="⚠️")
    basis = summary["basis"]
    basis_text = (i18n.BASIS[basis][lang] + (tr("（予算・見積に基づく）", " (budgets/estimates)", lang)
                                              if basis == "projected" else ""))
    as_of = status.get("data_as_of")
    as_of_text = fiscal.jst_text(as_of, lang)
    coverage = (f"{tr('比較できた組（団体×業務）', 'matched pairs (organization × operation)', lang)} "
                f"{summary['pairs_matched']:,} / {summary['pairs_with_baseline']:,}・"
                f"{tr('報告団体', 'organizations reporting', lang)} {summary['orgs_reporting']:,} / "
                f"{summary['orgs_in_scope']:,}")
    st.caption(f"**{t('fy', lang)}**: {i18n.fiscal_year(fy, lang)}　**{t('basis', lang)}**: {basis_text}　"
               f"**{t('as_of', lang)}**: {as_of_text}　**{t('unit', lang)}**: {i18n.unit_label(unit, lang)}  \n"
               f"**{t('coverage', lang)}**: {coverage}")


def tr(ja: str, en: str, lang: str) -> str:
    return ja if lang == "ja" else en


def kpi_cards(summary: dict, lang: str, unit: str, key: str = "kpi") -> None:
    s = summary
    change = i18n.change_of(s["baseline_yen"], s["current_yen"])
    points = i18n.points_to_target(change)
    reporting = s["orgs_reporting"]
    row1, row2 = st.columns(3), st.columns(3)
    cols = row1 + row2
    cols[0].metric(t("baseline", lang), i18n.money(s["baseline_yen"], unit, lang))
    cols[1].metric(f"{t('current', lang)} ({i18n.BASIS[s['basis']][lang]})", i18n.money(s["current_yen"], unit, lang))
    # Red when above the target line, green below it (inverse: a positive distance is bad).
    cols[2].metric(t("rate", lang), i18n.change(change, lang, prefix=False),
                   delta=None if points is None else tr(f"目標まで {points:+.1f} ポイント",
                                                        f"{points:+.1f} points from target", lang),
                   delta_color="inverse")
    gap = s["gap_to_target_yen"]
    cols[3].metric(t("gap", lang), i18n.money(max(gap, 0), unit, lang),
                   help=tr("対象年度の経費 − 基準の7割（0 以下なら達成）", "Cost − 70% of baseline (≤ 0: reached)", lang))
    cols[4].metric(t("over", lang), f"{s['orgs_over_baseline']:,} / {reporting:,}")
    cols[5].metric(t("on_target", lang), f"{s['orgs_on_target']:,} / {reporting:,}")
    targets(s, lang, unit)


def targets(s: dict, lang: str, unit: str = i18n.DEFAULT_UNIT) -> None:
    """The two targets side by side: aggregate −30%, and no organization worse off."""
    change = i18n.change_of(s["baseline_yen"], s["current_yen"])
    left, right = st.columns(2)
    reached = change is not None and s["gap_to_target_yen"] <= 0
    with left.container(border=True):
        st.markdown(f"**{tr('目標1：全体で', 'Target 1: all together at ', lang)}{i18n.target_text(lang)}**  \n"
                    + ("○ " + tr("達成", "reached", lang) if reached else "× " + tr("未達", "not reached", lang))
                    + f" — {i18n.change(change, lang)}  \n"
                    + i18n.distance(change, s["gap_to_target_yen"], unit, lang))
    worse = s["orgs_over_baseline"]
    with right.container(border=True):
        st.markdown(f"**{tr('目標2：負担が増える団体がない（全団体が基準以下）', 'Target 2: no organization worse off (all at or below baseline)', lang)}**  \n"
                    + ("○ " + tr("達成", "reached", lang) if worse == 0 else "× " + tr("未達", "not reached", lang))
                    + f" — {tr('基準超過', 'over baseline', lang)} {worse:,} / "
                    + (f"{s['orgs_reporting']:,} 団体" if lang == "ja"
                       else i18n.plural(s["orgs_reporting"], "organization")))


# The page shows the worst organizations only: the whole national table (1,722 rows in the
# demo) was 254 KiB of a 348 KiB national page view, sent to every session, and ten times that
# at 10x scale. A council reads the top of the ranking; the CSV and the pack carry all of it.
WORSE_OFF_ROWS = 100


def worse_off(scope: Scope, fy: int, lang: str, unit: str) -> None:
    """Who is worse off, just under the KPIs: organizations over their baseline, worst first."""
    from dashboard.charts import tables
    frame = views.over_baseline(scope, fy, lang, unit)
    n = len(frame)
    st.subheader(tr(f"基準年度を上回る団体（{n:,} 団体、超過額の大きい順）",
                    f"Organizations over their FY2018 baseline ({i18n.plural(n, 'organization')}, "
                    "largest excess first)", lang))
    if frame.empty:
        st.success(tr("基準年度を上回る団体はありません。", "No organization is over its baseline.", lang))
        return
    shown = frame.drop(columns=tables.HIDDEN)
    if n > WORSE_OFF_ROWS:
        st.caption(tr(f"超過額の大きい上位 {WORSE_OFF_ROWS:,} 団体を表示しています。全 {n:,} 団体は CSV で取り出せます。",
                      f"The {WORSE_OFF_ROWS:,} largest excesses are shown; the CSV holds all {n:,}.", lang))
    cols = list(shown.columns)
    money_format = "%.1f" if unit == "oku" else "localized"
    config = {cols[2]: st.column_config.NumberColumn(format=money_format),
              cols[3]: st.column_config.NumberColumn(format="%.2f"),
              cols[4]: st.column_config.NumberColumn(format="%+.1f%%")}
    st.dataframe(shown.head(WORSE_OFF_ROWS), hide_index=True, width="stretch",
                 height=min(38 + 35 * n, 388), column_config=config)
    deliver.button(st, t("download", lang), lambda: sanitize.csv_bytes(shown),
                   file_name=f"sanwari_over_baseline_{str(scope).replace(':', '-')}_{fy}.csv",
                   mime="text/csv", key="dl_over_baseline")


# ---------------------------------------------------------------- chart blocks
def chart(spec: ChartSpec, ctx: PageContext, on_select=None):
    """Title, chart, one-sentence reading, the PNG/SVG/PDF downloads stamped from the page
    context, and the table with a CSV download in an expander — in one container that a11y
    ties together (figure named by the title, described by the reading, table as details)."""
    with st.container(key=a11y.chart_key(spec.key)):
        return _chart_block(spec, ctx, on_select)


def _chart_block(spec: ChartSpec, ctx: PageContext, on_select):
    lang = ctx.lang
    st.subheader(spec.title)
    event = None
    if spec.empty:
        st.info(spec.reading)
        return None
    kwargs = {"on_select": on_select, "selection_mode": "points"} if on_select else {}
    event = st.plotly_chart(spec.figure, theme=None, key=f"chart_{spec.key}", width="stretch",
                            config={"displaylogo": False, "locale": lang}, **kwargs)
    st.caption(spec.reading)
    _details(spec, ctx)
    return event


@st.fragment
def _details(spec: ChartSpec, ctx: PageContext) -> None:
    """The chart's image downloads and its table, made only once their expander is open:
    a page view then carries no download buttons, dataframes or CSV it was not asked for
    (they were about half of the server's work per view). A fragment, so opening one
    reruns this block alone."""
    lang = ctx.lang
    box = st.expander(t("details", lang), key=f"details_{spec.key}", on_change="rerun")
    if not box.open:
        return
    with box:
        # stamped from the page context: the unit the page shows, its scope, year and basis
        chart_downloads(spec, ctx.scope, ctx.fy, lang, ctx.unit, meta=ctx.stamp)
        _table_body(spec.table, lang, ctx.key(spec.key), spec.key, None)


def table(frame: pd.DataFrame, lang: str, name: str, key: str, expanded: bool = False,
          column_config: dict | None = None) -> None:
    """The table and its CSV in an expander whose contents are made only once it is open:
    a closed table costs neither the server (arrow and CSV conversion) nor the wire. The
    block is a fragment, so opening it reruns this block alone, not the page."""
    _table_block(frame, lang, name, key, expanded, column_config)


@st.fragment
def _table_block(frame: pd.DataFrame, lang: str, name: str, key: str, expanded: bool,
                 column_config: dict | None) -> None:
    box = st.expander(t("table", lang), expanded=expanded, key=f"table_{key}", on_change="rerun")
    if not box.open:
        return
    with box:
        _table_body(frame, lang, name, key, column_config)


def _table_body(frame: pd.DataFrame, lang: str, name: str, key: str, column_config: dict | None) -> None:
    if frame.empty:
        st.caption(tr("表示する行がありません。", "No rows to show.", lang))
        return
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config)
    file_name = f"sanwari_{name.replace(':', '-')}.csv"
    # made on click, delivered once and audited by dashboard/ui/deliver.py
    deliver.button(st, t("download", lang), lambda: sanitize.csv_bytes(frame), file_name=file_name,
                   mime="text/csv", key=f"dl_{key}")


def open_scope(title: tuple[str, str], lang: str, unit: str, scope_of) -> PageContext | None:
    """The opening every scoped page shares: resolve the scope (`scope_of()` may raise
    OutOfScope, which shows the refusal), pick the year, draw the header.

    Returns the page context, or None when the page has nothing more to show."""
    name = title[lang == "en"]
    try:
        scope = scope_of()
    except access.OutOfScope as exc:
        refuse(exc, lang)
        return None
    fy = fiscal_year(scope, lang)
    if fy is None:
        st.title(f"{name} — {scope.label(lang)}")
        no_data(lang)
        return None
    summary = views.summary(scope, fy)
    header(name, scope, fy, lang, unit, summary)
    return PageContext(scope, fy, lang, unit, summary)


def open_chosen(title: tuple[str, str], lang: str, unit: str, chosen: str | None, prompt: str,
                scope_of) -> PageContext | None:
    """The opening of a page about one chosen prefecture or organization: the prompt to choose
    one while none is, else `open_scope` and the KPI cards."""
    if chosen is None:
        st.title(title[lang == "en"])
        st.info(prompt)
        return None
    ctx = open_scope(title, lang, unit, scope_of)
    if ctx is not None:
        kpi_cards(ctx.summary, lang, unit)
    return ctx


def chart_pair(left_spec: ChartSpec, right_spec: ChartSpec, ctx: PageContext) -> None:
    """Two charts side by side, each with its reading, table and downloads."""
    for column, spec in zip(st.columns(2), (left_spec, right_spec)):
        with column:
            chart(spec, ctx)


def no_data(lang: str) -> None:
    st.info(t("no_years", lang))


def specs(ctx: PageContext, keys) -> dict[str, ChartSpec]:
    return {k: views.spec(ctx.scope, ctx.fy, ctx.lang, ctx.unit, k) for k in keys}
