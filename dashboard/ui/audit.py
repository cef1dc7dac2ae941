"""監査ログ / Audit log: every import, export, download and sign-in. National role only."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, audit, fiscal, sanitize, session
from dashboard.ui import common

LABELS = {"import": "取込", "import_refused": "取込拒否", "rollback": "取消", "export": "出力",
          "download": "ダウンロード",
          "login": "ログイン", "login_failed": "ログイン失敗", "logout": "ログアウト",
          "user_add": "アカウント追加", "user_remove": "アカウント削除"}


def render() -> None:
    if not session.may_open("audit"):
        common.refuse(access.OutOfScope(None))
    st.title("監査ログ / Audit log")
    try:
        count = audit.verify()
        since = audit.anchored_since()
        st.caption(f"{count:,} 件・改ざん検査 OK（各行が前の行のハッシュを持ち、件数と最終行がサーバー側の署名付き基準点と一致） / "
                   f"{count:,} entries, hash chain intact and equal to the signed anchor")
        if since > 1:
            st.caption(f"基準点は {since} 行目から（それ以前の行は連鎖のみで保護） / anchored from line {since} "
                       "on; earlier lines are protected by the chain only")
    except audit.AuditTampered as exc:
        st.error(f"監査ログが改ざんされています / The audit log was altered: {exc}")
    entries = audit.read()
    if not entries:
        st.info("記録はまだありません。 / Nothing recorded yet.")
        return
    table = pd.DataFrame([{
        "日時 (JST)": fiscal.jst_text(e["at"].rstrip("Z")),
        "利用者": e["who"],
        "操作": LABELS.get(e["action"], e["action"]),
        "範囲": e.get("scope") or "",
        "対象": e.get("target") or "",
        "詳細": ", ".join(f"{k}={v}" for k, v in (e.get("detail") or {}).items()),
    } for e in reversed(entries)])
    actions = st.multiselect("操作 / Action", sorted(table["操作"].unique()))
    if actions:
        table = table[table["操作"].isin(actions)]
    # Login names and file names are typed by anyone (a failed sign-in records the name tried):
    # neutralised like every download, although client.disableDataExport also removes
    # Streamlit's own "Download as CSV" menu, which bypassed the sanitiser (finding 6).
    st.dataframe(sanitize.frame(table), hide_index=True, width="stretch")
