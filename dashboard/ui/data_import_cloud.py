"""データ取込 / Data import, cloud files: FOCUS bills, account maps, fx rates and invoice
amounts uploaded on the import page are checked and imported by the cloud import code
(dashboard.cloud.upload → importer), all or nothing, like `python -m dashboard import`.
Layout only.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import plain, session
from dashboard.cloud import importer
from dashboard.cloud import upload as cloud_upload
from dashboard.store import StoreBusy, StoreMissing


def render(db, files, kinds, state, allowed, user, show_problems) -> None:
    """Cloud files: checked and imported by the cloud import code (all or nothing)."""
    others = [name for (name, _), kind in zip(files, kinds) if kind is None]
    if others:
        st.error("クラウド請求のファイルと運用経費等のファイルは別々に取り込んでください / import cloud files "
                 "and cost files separately")
        st.text(", ".join(others))                 # plain text: names are user input
        return
    if allowed is not None:
        # A bill covers whole accounts and a map assigns them: only a national importer.
        st.error("クラウド請求・アカウント対応表・為替レートは全国の取込権限で取り込んでください / "
                 "cloud bills, account maps and rates need a national importer")
        return
    key = tuple((n, hashlib.sha256(b).hexdigest()) for n, b in files)
    cache = st.session_state.setdefault("data_import_cloud_checks", {})
    if key not in cache:
        with st.spinner("検証中 / validating"):
            cache.clear()
            cache[key] = cloud_upload.check(files)
    problems = cache[key]
    st.subheader("検証結果 / Validation")
    st.dataframe(pd.DataFrame({"ファイル / file": [n for n, _ in files], "種類 / kind": kinds}),
                 hide_index=True, width="stretch")
    if problems:
        show_problems(problems)
        return
    st.info("問題はありません。取り込めます。 / No problems: ready to import.")
    if not st.button("取り込む（確定） / Import (confirm)", type="primary"):
        return
    try:
        with st.spinner("書き込み中 / writing"):
            results = cloud_upload.import_files(db, files, user)
    except importer.Refused as exc:
        for name, _ in files:
            session.record("import_refused", target=name, detail={"kind": "cloud"})
        st.error("取り込めませんでした / nothing was imported")
        show_problems(exc.problems)
        return
    except (StoreBusy, StoreMissing) as exc:
        st.error(plain.md(exc))
        return
    for r in results:
        session.record("import", target=r.file_name, detail={"kind": r.kind, "cloud_import": r.import_id})
    state["result"] = cloud_upload.summary(results)
    state["uploader"] += 1
    st.session_state.pop("data_import_cloud_checks", None)
    st.rerun()
