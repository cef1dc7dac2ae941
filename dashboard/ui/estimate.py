"""見積精査 / Estimate review: upload a vendor's estimate, correct the mapping, see the flags,
the peer position and the target; download the review workbook and a one-page PDF; save
the review or adopt it as estimate figures.

Layout only: reading, mapping, rules, exports and saving are dashboard.estimate. Nothing is
written until the user presses a confirming button. The organization comes from the
user's scope (a municipality: itself; a prefecture: its municipalities), never from the
URL alone (common.org_picker refuses an address outside the scope; the review itself checks again).
"""
from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import i18n, views
from dashboard.charts import estimate as charts
from dashboard.estimate import pdf, summary
from dashboard.estimate.model import EstimateError
from dashboard.ui import common, deliver
from dashboard.ui import estimate_actions as actions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render() -> None:
    s = common.settings()
    lang = s.lang
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    st.title(tr("見積精査", "Estimate review") + " / " + tr("Estimate review", "見積精査"))
    org = common.org_picker(lang)
    if org is None:
        st.info(tr("サイドバーで団体を選んでください。", "Choose an organization in the sidebar."))
        return
    if bool(views.data_status().get("is_demo")):
        st.warning(i18n.DEMO_NOTICE[lang], icon="⚠️")
    st.caption(tr("事業者の見積（.xlsx / .csv）を1行ずつ、費目・業務に対応付け、類似団体と注意点（R01–R12）で確認します。"
                  "確定ボタンを押すまで何も保存しません。",
                  "Checks a vendor's estimate (.xlsx / .csv) line by line against peers and red flags "
                  "(R01–R12). Nothing is stored until you confirm."))
    existing = st.text_area(tr("既存の回線契約（1行に1件、R03で照合）", "Existing line contracts (one per line, for R03)"),
                            key="est_existing", height=68)
    upload = st.file_uploader(tr("見積ファイル", "Estimate file"), type=["xlsx", "csv"], key="est_file")
    if upload is None:
        return
    body = upload.getvalue()
    key = (org, upload.name, hashlib.sha256(body).hexdigest())
    overrides = st.session_state.setdefault("est_overrides", {}).setdefault(key, {})
    try:
        result = actions.reviewed(upload.name, body, org, tuple(existing.splitlines()),
                                  tuple(sorted(overrides.items())), views.snapshot())
    except EstimateError as exc:
        st.error(tr("この見積は読み取れません（何も保存していません）。", "This estimate cannot be read (nothing was stored).")
                 + " / " + tr("The estimate cannot be read.", "見積を読み取れません。"))
        st.dataframe(actions.problems_frame(exc.problems), hide_index=True, width="stretch")
        return
    if result.problems:
        st.error(tr("対応付けを確認してください。", "Check the mapping.") + " / " +
                 tr("Check the mapping.", "対応付けを確認してください。"))
        st.dataframe(actions.problems_frame(result.problems), hide_index=True, width="stretch")
    _figures(result, lang, s.unit)
    _mapping(result, overrides, org, lang)
    _flags(result, lang)
    _charts(result, lang, s.unit)
    _downloads(result, lang, actions.workbook_bytes(upload.name, body, org, tuple(existing.splitlines()),
                                                   tuple(sorted(overrides.items())), views.snapshot()))
    actions.confirm(result, lang)


def _figures(result, lang, unit) -> None:
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    cols = st.columns(4)
    cols[0].metric(tr("明細行", "Lines"), f"{len(result.counted):,}",
                   help=tr(f"対応付け済 {result.mapped}・未分類 {result.unmapped}",
                           f"{result.mapped} mapped, {result.unmapped} unmapped"))
    cols[1].metric(tr("見積の年額（税込）", "Estimate per year (incl. tax)"), i18n.money(result.annual_total_yen, unit, lang))
    cols[2].metric(tr("平成30年度（2018）実績", "FY2018 baseline"), i18n.money(result.baseline_yen, unit, lang))
    gap = None if result.target_yen is None else result.annual_total_yen - result.target_yen
    cols[3].metric(tr("−30%目標との差", "Against the −30% target"),
                   "—" if gap is None else i18n.money(gap, unit, lang),
                   help=tr("見積の年額 − 目標額（正の値は未達）", "estimate − target (positive: missed)"))
    for text in result.estimate.assumptions:
        st.caption(text)


def _mapping(result, overrides, org, lang) -> None:
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    st.subheader(tr("対応付け（費目・業務）", "Mapping (cost item, operation)"))
    st.dataframe(summary.mapping(result), hide_index=True, width="stretch", key="est_mapping")
    unplaced = summary.unplaced(result)
    if len(unplaced):
        st.warning(tr(f"読み取れなかった行が {len(unplaced)} 行あります（集計に含めていません）。",
                      f"{len(unplaced)} row(s) could not be placed (not counted)."))
        st.dataframe(unplaced, hide_index=True, width="stretch")
    actions.correction_form(result, overrides, org, lang)


def _flags(result, lang) -> None:
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    st.subheader(tr(f"指摘（{len(result.flags)} 件）", f"Findings ({len(result.flags)})"))
    if not result.flags:
        st.info(tr("注意点は見つかりませんでした。", "No red flags found."))
        return
    st.dataframe(summary.flags(result), hide_index=True, width="stretch", key="est_flags")
    with st.expander(tr("ルールの説明と出典", "What each rule checks, and its source")):
        st.dataframe(actions.rules_frame(), hide_index=True, width="stretch")


def _charts(result, lang, unit) -> None:
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    left, right = st.columns(2)
    with left:
        st.subheader(tr("類似団体の中での位置（住民1人当たり年額）", "Position among peers (yen per resident a year)"))
        fy = result.peers.fiscal_year
        st.plotly_chart(charts.peer_position(summary.peers(result), lang=lang), theme=None, key="est_peer_chart",
                        width="stretch", config={"displaylogo": False})
        st.caption(tr(f"類似団体（5団体以上）の{fy or '—'}年度実績の集計値。この団体自身は含みません。",
                      f"Aggregates of the peer group (≥ 5 organizations), FY{fy or '—'} actuals; "
                      "the organization itself excluded."))
    with right:
        st.subheader(tr("見積（年額）と平成30年度実績", "Estimate per year vs FY2018"))
        st.plotly_chart(charts.vs_baseline(summary.by_item(result), result.target_yen, lang=lang, unit=unit),
                        theme=None, key="est_base_chart", width="stretch", config={"displaylogo": False})


def _downloads(result, lang, xlsx: bytes) -> None:
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    st.subheader(tr("出力", "Downloads"))
    left, right = st.columns(2)
    stem = result.file_name.rsplit(".", 1)[0]
    # made on click (the PDF) or kept (the workbook), delivered once and audited by deliver
    deliver.button(left, tr("見積精査ワークブック（質問事項付き, .xlsx）", "Review workbook with questions (.xlsx)"),
                   lambda: xlsx, file_name=f"見積精査_{stem}.xlsx", mime=XLSX, key="est_dl_xlsx")
    demo = bool(views.data_status().get("is_demo"))
    try:
        pdf.japanese_fonts()            # say so up front when no Japanese font can be embedded
        deliver.button(right, tr("1ページの概要（PDF）", "One-page summary (PDF)"),
                       lambda: pdf.summary_pdf(result, demo), file_name=f"見積精査_{stem}.pdf",
                       mime="application/pdf", key="est_dl_pdf")
    except pdf.FontMissing as exc:
        right.warning(str(exc))
