"""データ取込 / Data import: upload files, see every problem, import after confirmation, roll back.

Layout only: reading, validation, writing and rollback are dashboard.ingest.pipeline, the
same code as `python -m dashboard import`; cloud files (FOCUS bills, account maps, fx rates,
invoice amounts) go to the cloud import code through dashboard.cloud.upload. The database is
opened only through store.reader/writer (inside those).
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import access, fiscal, plain, session
from dashboard.ui import common, data_import_cloud, deliver
from dashboard.config import database_path
from dashboard.cloud import upload as cloud_upload
from dashboard.ingest import errors, load, pipeline, template
from dashboard.scope import Scope
from dashboard.store import StoreBusy, StoreMissing

KIND_LABELS = {"costs": "運用経費", "drivers": "増減要因", "status": "移行状況"}


def import_scope() -> Scope | None:
    """Hook for role checks: the scope the user may import into (None: anything)."""
    return session.import_scope()       # ImportNotAllowed for a role without the right


def importing_user() -> str | None:
    """Hook for identity: who is importing (recorded in the batch)."""
    user = session.current_user()
    return user.id if user else None


def visible_batches(batches: pd.DataFrame, db=None) -> pd.DataFrame:
    """The batches this user may see and roll back (access.visible_batches: every row inside
    their scope)."""
    user = session.current_user()
    touched = None
    if access.may_import(user) and access.import_scope(user) is not None:
        touched = pipeline.batch_scopes(db or database_path())
    return access.visible_batches(user, batches, touched)


def render() -> None:
    db = database_path()
    if not session.may_import():
        common.refuse(access.ImportNotAllowed())
    st.title("データ取込 / Data import")
    st.caption("CSV（UTF-8・Shift_JIS）またはExcel（.xlsx、先頭シート）。クラウド請求（FOCUS の CSV・CSV.gz・Parquet）と"
               "アカウント対応表・為替レートも取り込めます。問題が1件でもあるファイルは取り込みません。"
               " / CSV (UTF-8 or Shift_JIS) or XLSX (first sheet); also cloud bills (FOCUS CSV, CSV.gz, Parquet), "
               "account maps and fx rates. A file with any problem is not imported.")
    _templates()
    state = st.session_state.setdefault("data_import", {"uploader": 0, "result": None, "confirm": None})
    uploads = st.file_uploader("ファイルを選択（複数可） / Choose files (one or several)",
                               type=["csv", "xlsx", "xls", "txt", *cloud_upload.UPLOAD_TYPES],
                               accept_multiple_files=True,
                               key=f"import_files_{state['uploader']}")
    if state["result"]:
        st.success(state["result"])
    if uploads:
        files = [(u.name, u.getvalue()) for u in uploads]
        kinds = _cloud_kinds(files)
        if any(kinds):
            data_import_cloud.render(db, files, kinds, state, import_scope(), importing_user(), _problems)
            st.divider()
            _history(db, state)
            return
        checks = _checked(files)
        _show_checks(checks)
        if all(c.ok for c in checks) and st.button("取り込む（確定） / Import (confirm)", type="primary"):
            _import(db, files, checks, state)
    st.divider()
    _history(db, state)


def _problems(problems) -> None:
    st.error(f"{len(problems):,} 件の問題があります。修正して再度アップロードしてください（何も取り込んでいません）。"
             f" / {len(problems):,} problem(s): fix them and upload again (nothing was imported).")
    st.dataframe(errors.problems_frame(problems), hide_index=True, width="stretch")


def _cloud_kinds(files: list[tuple[str, bytes]]) -> list[str | None]:
    """Which uploads are cloud files, once per set of files (reruns reuse it: finding out
    writes the files to a temporary folder)."""
    key = tuple((n, hashlib.sha256(b).hexdigest()) for n, b in files)
    cache = st.session_state.setdefault("data_import_kinds", {})
    if key not in cache:
        cache.clear()
        cache[key] = cloud_upload.kinds(files)
    return cache[key]


def _templates() -> None:
    with st.expander("テンプレート / Templates"):
        cols = st.columns(3)
        for col, kind in zip(cols, template.KINDS):
            deliver.button(col, f"{KIND_LABELS[kind]} (.xlsx)", lambda kind=kind: template.build(kind, "xlsx"),
                           file_name=f"sanwari_template_{kind}.xlsx", key=f"tpl_{kind}",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _checked(files: list[tuple[str, bytes]]) -> list[pipeline.FileCheck]:
    """Validate once per set of uploaded files (reruns reuse the result)."""
    key = tuple((n, hashlib.sha256(b).hexdigest()) for n, b in files)
    cache = st.session_state.setdefault("data_import_checks", {})
    if key not in cache:
        bar = st.progress(0.0, text="検証中 / validating")
        checks = pipeline.check_files(files, allowed=import_scope(),
                                      progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
        bar.empty()
        cache.clear()
        cache[key] = checks
        for c in checks:
            if c.problems:
                session.record("import_refused", target=c.file_name,
                             detail={"sha256": c.sha256, "problems": len(c.problems)})
    return cache[key]


def _show_checks(checks: list[pipeline.FileCheck]) -> None:
    st.subheader("検証結果 / Validation")
    st.dataframe(pipeline.files_frame(checks), hide_index=True, width="stretch")
    problems = [p for c in checks for p in c.problems]
    if not problems:
        rows = sum(len(c.rows) for c in checks)
        st.info(f"問題はありません。{rows:,} 行を取り込めます。 / No problems: {rows:,} rows ready to import.")
        return
    _problems(problems)
    deliver.button(st, "問題一覧をCSVでダウンロード / Download problems (CSV)", lambda: errors.problems_csv(problems),
                   file_name="import_problems.csv", mime="text/csv", key="problems_csv")


def _import(db, files, checks, state) -> None:
    bar = st.progress(0.0, text="書き込み中 / writing")
    try:
        report = pipeline.import_files(db, files, checks=checks, user=importing_user(),
                                       allowed=import_scope())
    except (StoreBusy, StoreMissing) as exc:
        bar.empty()
        st.error(plain.md(exc))
        return
    bar.progress(1.0, text="完了 / done")
    for c in report.checks:
        session.record("import" if report.ok else "import_refused", target=c.file_name,
                     detail={"sha256": c.sha256, "kind": c.kind,
                             "batches": [b.batch_id for b in report.batches]})
    if not report.ok:
        st.error("取り込めませんでした / nothing was imported")
        st.dataframe(errors.problems_frame(report.problems), hide_index=True, width="stretch")
        return
    state["result"] = "取り込みました / Imported: " + "; ".join(
        f"batch {b.batch_id} ({KIND_LABELS[b.kind]}): 新規 {b.rows_new:,} / 改訂 {b.rows_revised:,} / "
        f"変更なし {b.rows_unchanged:,}" for b in report.batches)
    state["uploader"] += 1          # a fresh uploader: the same files are not imported twice
    st.session_state.pop("data_import_checks", None)
    st.rerun()


def _history(db, state) -> None:
    st.subheader("取込履歴 / Import history")
    try:
        batches = pipeline.history(db)
    except StoreMissing as exc:
        st.warning(str(exc))
        return
    batches = visible_batches(batches, db)
    if batches.empty:
        st.info("取込履歴はありません / no batches yet")
        return
    live = batches["rolled_back_at"].isna()
    table = pd.DataFrame({
        "バッチ / batch": batches["batch_id"], "種類 / kind": batches["kind"],
        "ファイル / file": batches["file_name"], "取込日時 (JST)": [fiscal.jst_text(t) for t in batches["imported_at"]],
        "取込者 / by": batches["imported_by"].fillna("-"),
        "新規 / new": batches["rows_new"], "改訂 / revised": batches["rows_revised"],
        "変更なし / unchanged": batches["rows_unchanged"],
        "状態 / state": live.map({True: "有効 / live", False: "取消済 / rolled back"}),
        "sha256": batches["file_sha256"].str[:12],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("取り消すと、そのバッチが改訂した数値は以前の値に戻ります（履歴は残ります）。"
               " / Rolling back returns the figures a batch revised to their earlier values; the history stays.")
    for b in batches[live].head(20).itertuples():
        cols = st.columns([4, 1])
        cols[0].text(f"batch {b.batch_id}: {b.file_name}")    # plain text: names are user input
        if state["confirm"] == b.batch_id:
            if cols[1].button("本当に取り消す / Confirm", key=f"confirm_{b.batch_id}", type="primary"):
                _rollback(db, int(b.batch_id), state)
        elif cols[1].button("取り消す / Roll back", key=f"rollback_{b.batch_id}"):
            state["confirm"] = int(b.batch_id)
            st.rerun()


def _rollback(db, batch_id: int, state) -> None:
    if batch_id not in set(visible_batches(pipeline.history(db), db)["batch_id"]):
        common.refuse(access.OutOfScope(None))
    try:
        pipeline.rollback(db, batch_id, by=importing_user(), allowed=session.import_scope())
    except (StoreBusy, StoreMissing, load.RollbackError) as exc:
        st.error(plain.md(exc))
        return
    session.record("rollback", target=f"batch {batch_id}")
    state["confirm"] = None
    state["result"] = f"バッチ {batch_id} を取り消しました / batch {batch_id} rolled back"
    st.rerun()
