"""会議資料 / Council pack (url "/export"): choose scope, year, format and charts; build; download.

Layout only: the pack is dashboard.export.pack.build, the same code as `python -m dashboard
export`. Scopes come from dashboard.access: the allowed scope and anything narrower.
"""
from __future__ import annotations

import streamlit as st

from dashboard import access, catalog, reference, session, store, views
from dashboard.config import database_path
from dashboard.export import pack, render as images
from dashboard.ui import common, deliver
from dashboard.scope import Scope

KIND = {"national": ("全国", "All Japan"), "pref": ("都道府県", "Prefecture"), "org": ("団体", "Organization")}


def tr(ja: str, en: str, lang: str) -> str:
    return ja if lang == "ja" else en


def choose_scope(lang: str) -> Scope | None:
    """Level, then prefecture / organization, only inside the allowed scope."""
    allowed = session.allowed_scope()
    kinds = {"national": ["national", "pref", "org"], "pref": ["pref", "org"], "org": ["org"]}[allowed.kind]
    orgs = session.orgs_in_scope()
    # The prefecture and organization chosen on the other pages are the starting point here.
    kept_pref, kept_org = st.session_state.get("_keep_pref"), st.session_state.get("_keep_org")
    if kept_org not in set(orgs["org_code"]):
        kept_org = None
    if kept_org:
        kept_pref = orgs.loc[orgs["org_code"] == kept_org, "pref_code"].iloc[0]
    start = "org" if kept_org else "pref" if kept_pref else kinds[0]
    kind = st.radio(tr("範囲", "Scope", lang), kinds, horizontal=True, key="export_kind",
                    index=kinds.index(start) if start in kinds else 0,
                    format_func=lambda k: KIND[k][lang == "en"])
    if kind == "national":
        return session.narrow(Scope())
    pref_codes = sorted(orgs["pref_code"].unique())
    names = reference.prefecture_names()
    pref = pref_codes[0] if len(pref_codes) == 1 else st.selectbox(
        tr("都道府県", "Prefecture", lang), pref_codes, key="export_pref",
        index=pref_codes.index(kept_pref) if kept_pref in pref_codes else 0,
        format_func=lambda c: f"{c} {names[c]}")
    if kind == "pref":
        return session.narrow(Scope("pref", pref))
    in_pref = orgs[orgs["pref_code"] == pref]
    labels = dict(zip(in_pref["org_code"], in_pref["name"]))
    org_codes = list(labels)
    org = st.selectbox(tr("団体", "Organization", lang), org_codes, key="export_org",
                       index=org_codes.index(kept_org) if kept_org in org_codes else 0,
                       format_func=lambda c: f"{c} {labels[c]}")
    return session.narrow(Scope("org", org)) if org else None


def render() -> None:
    s = common.settings()
    lang, unit = s.lang, s.unit
    st.title(tr("会議資料の作成", "Council pack", lang))
    st.caption(tr("議会・首長への説明用に、グラフ・説明文・定義・データ表をスライド（PPTX）、配布資料（PDF）、"
                  "表計算（XLSX）、画像一式（PNG）で書き出します。",
                  "Slides (PPTX), a handout (PDF), tables (XLSX) or all images (PNG) with charts, "
                  "captions, definitions and the data table.", lang))
    try:
        scope = choose_scope(lang)
    except access.OutOfScope as exc:
        common.refuse(exc, lang)
        return
    if scope is None:
        return
    fy = common.fiscal_year(scope, lang)       # the year chosen on the other pages, in the sidebar
    if fy is None:
        common.no_data(lang)
        return
    fmt = st.radio(tr("形式", "Format", lang), list(pack.FORMATS), horizontal=True, key="export_format",
                   format_func=lambda f: pack.FORMATS[f][2] if lang == "ja" else f.upper())
    keys = catalog.CATALOG_KEYS[scope.kind]
    chosen = st.multiselect(tr("含めるグラフ", "Charts to include", lang), list(keys), default=list(keys),
                            key=f"export_charts_{scope.kind}",
                            format_func=lambda k: catalog.TITLES[k][lang == "en"])
    capability = images.can_export()
    needs_images = fmt != "xlsx"
    if needs_images and not capability:
        st.warning(tr("このサーバーでは画像を書き出せないため、この形式は作成できません（Excel は作成できます）。",
                      "This server cannot render images, so this format is unavailable (Excel works).", lang)
                   + "\n\n" + (capability.reason_ja if lang == "ja" else capability.reason_en))
    disabled = (needs_images and not capability) or not chosen
    if st.button(tr("作成する", "Build", lang), type="primary", disabled=disabled, key="export_build"):
        _build(scope, fy, fmt, chosen, lang, unit)
    _offer(lang)


def _build(scope: Scope, fy: int, fmt: str, keys: list[str], lang: str, unit: str) -> None:
    bar = st.progress(0.0, text=tr("準備しています…", "Preparing…", lang))
    try:
        with store.reader(database_path()) as con:
            result = pack.build(con, scope, fy, fmt, keys=keys, lang=lang, unit=unit,
                                progress=lambda f, text: bar.progress(min(1.0, f), text=text))
    except (images.ExportUnavailable, pack.UnknownChart) as exc:
        bar.empty()
        st.error(str(exc))
        return
    st.session_state["export_result"] = result
    try:
        session.record("export", scope=scope, target=result.file_name,
                     detail={"format": fmt, "charts": len(keys), "fy": fy})
    except Exception:  # noqa: BLE001 - a failed audit write must not lose the pack
        pass


def _offer(lang: str) -> None:
    result = st.session_state.get("export_result")
    if result is None:
        return
    st.success(tr(f"作成しました：{result.file_name}（グラフ {result.charts} 枚、{result.seconds:.1f} 秒）",
                  f"Built {result.file_name} ({result.charts} charts, {result.seconds:.1f} s)", lang))
    data = result.data
    deliver.button(st, tr("ダウンロード", "Download", lang), lambda: data, file_name=result.file_name,
                   mime=result.mime, type="primary", icon=":material/download:", key="export_download")
