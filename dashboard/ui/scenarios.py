"""シナリオ / Scenarios to FY2030 (url "/scenarios?scenario=ID&levers=JSON&compare=ID,ID&pref=NN&org=CODE").

Thin layout: the levers (ui/scenario_levers.py), the figures per year, the comparison
with actual/budget/estimate and saved scenarios, the tornado, the net burden after funding,
saving and the timeline events. Numbers come from dashboard/scenario (compute is pure).
"""
from __future__ import annotations

import streamlit as st

from dashboard import access, i18n, session, store, views
from dashboard.charts import scenario as charts
from dashboard.catalog import ChartSpec
from dashboard.config import database_path
from dashboard.ui import common
from dashboard.ui import scenario_levers as ui
from dashboard.ui.common import tr
from dashboard.scenario import data, saved, view
from dashboard.scenario import levers as lv
from dashboard.scope import Scope

TITLE = ("シナリオ（令和12年度まで）", "Scenarios to FY2030")


@st.cache_resource(show_spinner=False, max_entries=6)
def _figures(snap: tuple, scope_text: str):
    with store.reader(snap[0], snapshot=snap) as con:
        return data.load(con, Scope.parse(scope_text))


@st.cache_data(show_spinner=False, max_entries=64)
def _bundle(snap: tuple, scope_text: str, runs: tuple, lang: str) -> view.Bundle:
    scope = Scope.parse(scope_text)
    return view.bundle(views.fetch, scope, [(n, lv.parse(j)) for n, j in runs],
                       figures=_figures(snap, scope_text), lang=lang)


def _saved(allowed: Scope):
    frame = views.fetch("scenario/saved_list", allowed)
    return frame


def _loaded(lang: str, allowed: Scope):
    sid = common.raw_param("scenario")
    if not sid:
        return None
    frame = _saved(allowed)
    hit = frame[frame["scenario_id"].astype(str) == sid.strip()]
    if hit.empty:
        st.error(tr(f"シナリオ {sid} はありません（または閲覧範囲外です）。", f"No scenario {sid} in your scope.", lang))
        return None
    row = hit.iloc[0].to_dict()
    if "pref" not in st.query_params and "org" not in st.query_params and row["scope"] != "national":
        kind, code = row["scope"].split(":")     # open the scenario in its own scope
        st.query_params["pref" if kind == "pref" else "org"] = code
        if kind == "org":
            st.query_params["pref"] = code[:2]
        st.rerun()
    return row


def _scope(lang: str, allowed: Scope) -> Scope | None:
    common.refuse_if_outside(lang, pref=common.raw_param("pref"), org=common.raw_param("org"))
    pref = common.pref_picker(lang) if allowed.kind in ("national", "pref") else None
    org = common.org_picker(lang, pref=pref or (allowed.code if allowed.kind == "pref" else None))
    try:
        return session.requested_scope(pref=pref, org=org)
    except access.OutOfScope as exc:
        common.refuse(exc, lang)
        return None


def _levers(lang: str, loaded, scope: Scope) -> dict:
    from_url, problem = ui.url_levers(lang)
    if problem:
        st.warning(problem)
    source = from_url or (lv.parse(loaded["levers_json"]) if loaded else lv.neutral())
    source_json = lv.to_json(source)
    if st.session_state.get("_lv_written") != source_json:
        ui.seed(source)
        st.session_state["_lv_written"] = source_json
    orgs = session.orgs_in_scope(scope)
    labels = {f"org:{c}": f"{c} {p} {n}" for c, p, n in zip(orgs["org_code"], orgs["pref_name"], orgs["name"])}
    with st.sidebar:
        raw = ui.controls(lang, list(labels), labels)
    try:
        levers = lv.parse(raw)
    except lv.LeverError as exc:
        st.error("\n".join(exc.problems))
        return source
    if lv.to_json(levers) != source_json:
        st.query_params["levers"] = lv.to_json(levers)
        st.session_state["_lv_written"] = lv.to_json(levers)
    return levers


def render() -> None:
    s = common.settings()
    lang, unit = s.lang, s.unit
    allowed = session.allowed_scope()
    loaded = _loaded(lang, allowed)
    scope = _scope(lang, allowed)
    if scope is None:
        return
    st.title(f"{TITLE[lang == 'en']} — {scope.label(lang)}")
    if bool(views.data_status().get("is_demo")):
        st.warning(i18n.DEMO_NOTICE[lang], icon="⚠️")
    levers = _levers(lang, loaded, scope)
    name = (loaded["name"] if loaded else tr("編集中のシナリオ", "Scenario being edited", lang))
    st.caption(tr("レバー: ", "Levers: ", lang) + view.levers_text(levers, lang))

    saved_frame = _saved(allowed)
    latest = saved_frame[saved_frame["is_latest"] & (saved_frame["scope"] == str(scope))]
    choices = [int(i) for i in latest["scenario_id"] if not loaded or int(i) != int(loaded["scenario_id"])]
    names = dict(zip(latest["scenario_id"].astype(int), latest["name"]))
    compare = common.raw_param("compare")
    chosen = [int(c) for c in (compare or "").split(",") if c.isdigit() and int(c) in choices]
    if st.session_state.get("_cmp_written") != (compare or ""):     # URL → widget (reload, link)
        st.session_state["scn_compare"] = chosen
        st.session_state["_cmp_written"] = compare or ""
    picked = st.multiselect(tr("比較する保存済みシナリオ（3件まで）", "Saved scenarios to compare (up to 3)", lang),
                            choices, key="scn_compare", max_selections=view.MAX_COMPARED - 1,
                            format_func=lambda i: f"#{i} {names[i]}")
    if ",".join(map(str, picked)) != (compare or ""):             # widget → URL
        st.session_state["_cmp_written"] = ",".join(map(str, picked))
        if picked:
            st.query_params["compare"] = ",".join(map(str, picked))
        else:
            st.query_params.pop("compare", None)
    jsons = dict(zip(latest["scenario_id"].astype(int), latest["levers_json"]))
    runs = ((name, lv.to_json(levers)),) + tuple((f"#{i} {names[i]}", jsons[i]) for i in picked)
    with st.spinner(tr("計算しています…", "Computing…", lang)):
        b = _bundle(views.snapshot(), str(scope), runs, lang)
    _results(b, scope, lang, unit)
    _save_form(lang, scope, levers, loaded)
    from dashboard.ui import scenario_events
    scenario_events.form(lang, scope)


def _results(b: view.Bundle, scope: Scope, lang: str, unit: str) -> None:
    first = b.runs[b.runs["scenario"] == b.names[0]]
    last = first.iloc[-1]
    c = st.columns(4)
    c[0].metric(tr("令和12年度の経費", "FY2030 cost", lang), i18n.money(int(last["cost_yen"]), unit, lang))
    c[1].metric(tr("基準年度比", "Change vs FY2018", lang),
                i18n.percent(None if last["reduction_rate"] is None else -last["reduction_rate"]))
    c[2].metric(tr("目標まで", "Gap to target", lang), i18n.money(int(last["gap_to_target_yen"]), unit, lang))
    c[3].metric(tr("基準超過団体 / 目標達成団体", "Orgs over baseline / on target", lang),
                f"{int(last['orgs_over_baseline']):,} / {int(last['orgs_on_target']):,}")
    stamp = "；".join(f"{n}: {t}" for n, t in zip(b.names, b.lever_texts))
    kw = {"lang": lang, "unit": unit}
    specs = [
        ChartSpec("scenario_comparison", tr("シナリオ比較（実績・予算・見積・シナリオ）", "Scenarios with actual, budget, estimate", lang),
                  charts.comparison(b.stored, b.runs, b.events, **kw),
                  charts.comparison_reading(b.runs, **kw) + " " + stamp, charts.runs_table(b.runs, **kw)),
        ChartSpec("scenario_tornado", tr("令和12年度の削減率に対する感度", "Sensitivity of the FY2030 reduction rate", lang),
                  charts.tornado(b.tornado, b.base_rate, lang=lang), charts.tornado_reading(b.tornado, lang=lang),
                  charts.tornado_table(b.tornado, lang=lang), b.tornado.empty),
        ChartSpec("scenario_net_burden", tr("支出と財源控除後の実質負担（政策KPIとは別）",
                                            "Cash and net burden after funding (not the policy KPI)", lang),
                  charts.net_burden(b.runs, b.events, **kw), charts.net_burden_reading(b.runs, b.cap, **kw),
                  charts.runs_table(b.runs, **kw)),
    ]
    # The page context stamps the downloads: scenario figures to FY2030 are projections.
    ctx = common.PageContext(scope, 2030, lang, unit, {"basis": "projected"})
    for spec in specs:
        common.chart(spec, ctx)
    cap = b.cap
    c = st.columns(3)
    c[0].metric(tr("補助金の上限（合計）", "Subsidy cap (total)", lang), i18n.money(cap["cap_yen"], unit, lang))
    c[1].metric(tr("使用済", "Used", lang), i18n.money(cap["used_yen"], unit, lang))
    c[2].metric(tr("残り", "Remaining", lang), i18n.money(cap["remaining_yen"], unit, lang))


def _save_form(lang: str, scope: Scope, levers: dict, loaded) -> None:
    st.subheader(tr("保存", "Save", lang))
    user = session.current_user()
    name = st.text_input(tr("シナリオ名", "Scenario name", lang), key="scn_name", max_chars=80)
    as_version = bool(loaded) and st.checkbox(
        tr(f"「{loaded['name']}」の新しい版として保存（元の版は変わりません）",
           f"Save as a new version of {loaded['name']} (the old version stays)", lang), key="scn_as_version") \
        if loaded else False
    if st.button(tr("保存する", "Save", lang), key="scn_save", type="primary"):
        try:
            row = saved.save(database_path(), scope, lv.compact(levers), name, author=user.id if user else "anonymous",
                             parent_id=int(loaded["scenario_id"]) if as_version else None, user=user)
        except (lv.LeverError, saved.SaveRefused, access.OutOfScope, store.StoreBusy) as exc:
            st.error(str(exc))
            return
        st.query_params["scenario"] = str(row["scenario_id"])
        st.query_params.pop("levers", None)
        st.session_state["scn_saved"] = row["scenario_id"]
        views.pin_snapshot()
        st.rerun()
    if st.session_state.get("scn_saved"):
        st.success(tr(f"シナリオ #{st.session_state['scn_saved']} を保存しました。",
                      f"Saved scenario #{st.session_state['scn_saved']}.", lang))


if __name__ == "__main__":
    render()
