"""The estimate page's interactive parts: the cached review, the correction form, and the
confirming buttons (save corrections, save the review, adopt as estimate figures).
Every write here happens only on a button press and goes through dashboard.estimate."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, session, store
from dashboard.config import database_path
from dashboard.estimate import adopt, data, labels, review, rules
from dashboard.ui import common
from dashboard.scope import Scope
from dashboard.store import StoreBusy, StoreMissing

FIRST_FY, LAST_FY = 2026, 2030


@st.cache_data(show_spinner=False, max_entries=16)
def _cached(name, body, org, existing, overrides, snap):
    with store.reader(snap[0], snapshot=snap) as con:
        return review.review(name, body, org, con=con, existing_lines=list(existing),
                             overrides=dict(overrides))


@st.cache_data(show_spinner=False, max_entries=16)
def _workbook(name, body, org, existing, overrides, snap) -> bytes:
    from dashboard.estimate import workbook
    return workbook.review_xlsx(_cached(name, body, org, existing, overrides, snap))


def workbook_bytes(name, body, org, existing, overrides, snap) -> bytes:
    """The review workbook, made once per review (a 2,000-line one costs about a second)."""
    session.narrow(Scope("org", org))
    return _workbook(name, body, org, existing, overrides, snap)


def reviewed(name, body, org, existing, overrides, snap):
    session.narrow(Scope("org", org))     # never a review outside the user's scope (OutOfScope)
    return _cached(name, body, org, existing, overrides, snap)


def problems_frame(problems) -> pd.DataFrame:
    return pd.DataFrame({"シート / sheet": [p.sheet for p in problems],
                         "行 / row": pd.array([p.row for p in problems], dtype="Int64"),
                         "列 / column": [p.column for p in problems],
                         "内容": [p.ja for p in problems], "problem": [p.en for p in problems]})


def rules_frame() -> pd.DataFrame:
    rs = rules.ruleset()["rules"].values()
    return pd.DataFrame({"ルール / rule": [r["id"] for r in rs],
                         "重要度 / severity": [rules.SEVERITY[r["severity"]][0] for r in rs],
                         "説明": [r["explanation_ja"] for r in rs], "explanation": [r["explanation_en"] for r in rs],
                         "理由 / rationale": [r["rationale"] for r in rs], "出典 / source": [r["source"] for r in rs]})


def _user():
    return session.current_user()


def correction_form(result, overrides: dict, org: str, lang: str) -> None:
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    counted = [i for i, l in enumerate(result.estimate.lines) if l.counted]
    if not counted:
        return
    with st.container(border=True):
        st.markdown("**" + tr("対応付けの修正", "Correct a mapping") + "**")
        lines = result.estimate.lines
        idx = st.selectbox(tr("行", "Line"), counted, key="est_fix_line",
                           format_func=lambda i: f"{lines[i].sheet} {lines[i].row}: {lines[i].description}")
        m = result.mappings[idx]
        items = labels.item_choices()
        ops = labels.operation_choices()
        item_labels, op_labels = list(items), list(ops)
        current_item = labels.item_label(m.item_key)
        current_op = labels.SHARED if m.shared else next(k for k, v in ops.items() if v == m.systems[0])
        cols = st.columns(2)
        item = cols[0].selectbox(tr("費目", "Cost item"), item_labels, index=item_labels.index(current_item),
                                 key=f"est_fix_item_{idx}")
        op = cols[1].selectbox(tr("業務", "Operation"), op_labels, index=op_labels.index(current_op),
                               key=f"est_fix_op_{idx}")
        if st.button(tr("修正を反映", "Apply the correction"), key="est_fix_apply"):
            overrides[idx] = (items[item], ops[op] if op != current_op else None)
            st.rerun()
        if not overrides:
            return
        st.caption(tr(f"この見積で修正した行: {len(overrides)}（まだ保存していません）",
                      f"Lines corrected in this estimate: {len(overrides)} (not saved yet)"))
        user = _user()
        if user is None or user.anonymous:
            st.caption(tr("修正の保存にはログインが必要です。", "Sign in to save corrections."))
            return
        rows = [(lines[i].description, item_key, system) for i, (item_key, system) in overrides.items()]
        cols = st.columns(2)
        if cols[0].button(tr("修正をこの団体の辞書に保存", "Save the corrections for this organization"),
                          key="est_save_org"):
            _save_corrections(org, rows, user, lang)
        if user.scope.kind == "national" and cols[1].button(
                tr("修正を全国辞書に保存", "Save the corrections to the national dictionary"), key="est_save_national"):
            _save_corrections("national", rows, user, lang)


def _save_corrections(owner, rows, user, lang) -> None:
    try:
        n = data.save_corrections(database_path(), owner, rows, user.id)
    except (StoreBusy, StoreMissing) as exc:
        st.error(str(exc))
        return
    session.record("estimate_corrections", target=owner, detail={"rows": n})
    st.success(common.tr(f"{n} 件の修正を保存しました。", f"Saved {n} correction(s).", lang))


def confirm(result, lang: str) -> None:
    tr = lambda ja, en: common.tr(ja, en, lang)  # noqa: E731
    st.subheader(tr("確定", "Confirm"))
    user = _user()
    if user is None or user.anonymous:
        st.caption(tr("保存と見積値としての採用にはログインが必要です。", "Sign in to save or adopt the review."))
        return
    share = st.checkbox(tr("比較のため他団体に提供する（集計値のみ。個別の見積は表示されません）",
                           "Share with peers (aggregates only; no one sees this estimate itself)"), key="est_share")
    state = st.session_state.setdefault("est_confirm", {})
    if st.button(tr("見積精査を保存", "Save the review"), key="est_save_review"):
        try:
            review_id = adopt.save(database_path(), result, user.id, share)
        except (StoreBusy, StoreMissing) as exc:
            st.error(str(exc))
            return
        session.record("estimate_review", target=result.file_name, detail={"review": review_id, "share": share})
        st.success(tr(f"保存しました（見積精査 {review_id}）。", f"Saved (review {review_id})."))
    if not access.may_import(user):
        return
    years = st.select_slider(tr("見積値として採用する年度", "Fiscal years to adopt"),
                             options=list(range(FIRST_FY, LAST_FY + 1)), value=(FIRST_FY, LAST_FY), key="est_years")
    fys = list(range(years[0], years[1] + 1))
    if state.get("adopt") != result.sha256:
        if st.button(tr("見積値として採用", "Adopt as estimate figures"), key="est_adopt"):
            state["adopt"] = result.sha256
            st.rerun()
        return
    st.warning(tr(f"年額を {fys[0]}〜{fys[-1]} 年度の見積値（区分=見積）として取り込みます。通常の取込と同じく"
                  "バッチとして記録され、データ取込ページから取り消せます。",
                  f"The annual amounts become estimate figures for FY{fys[0]}–FY{fys[-1]}, imported as a "
                  "batch like any import (roll back from the import page)."))
    if st.button(tr("採用を確定", "Confirm adoption"), key="est_adopt_confirm", type="primary"):
        state.pop("adopt", None)
        try:
            report = adopt.adopt(database_path(), result, fys, user.id, allowed=access.import_scope(user),
                                 share_opt_in=share)
        except (adopt.NotAdoptable, StoreBusy, StoreMissing) as exc:
            st.error(str(exc))
            return
        if not report.ok:
            st.error(tr("取り込めませんでした（何も変わっていません）。", "Nothing was imported."))
            st.dataframe(problems_table(report), hide_index=True)
            return
        b = report.batches[0]
        session.record("import", target=result.file_name, detail={"batch": b.batch_id, "via": "estimate"})
        st.success(tr(f"見積値として取り込みました（バッチ {b.batch_id}: 新規 {b.rows_new}・改訂 {b.rows_revised}）。",
                      f"Adopted as estimate figures (batch {b.batch_id}: {b.rows_new} new, {b.rows_revised} revised)."))


def problems_table(report) -> pd.DataFrame:
    from dashboard.ingest import errors
    return errors.problems_frame(report.problems)
