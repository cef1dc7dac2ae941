"""Sanwari (三割) — the Streamlit entry point: `streamlit run dashboard/app.py`.

Pages and their stable addresses: "/" national overview, "/prefecture?pref=NN",
"/organization?org=CODE", "/factors", plus "/import" and "/export" when those modules
exist. Which pages a user sees comes from dashboard.access (their role's scope).
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:          # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import access, auth, store, views  # noqa: E402
from dashboard.pages import common  # noqa: E402

# page key (access.PAGES) → (page, url path, JA title, EN title, icon). Our own pages are page
# files (each runs render() as __main__), so AppTest.switch_page("pages/x.py") can open them;
# colleagues' pages are modules with render(), registered only once they exist.
PAGES = (
    ("national", "pages/national.py", "", "全国概況", "National overview", ":material/public:"),
    ("prefecture", "pages/prefecture.py", "prefecture", "都道府県", "Prefecture", ":material/map:"),
    ("organization", "pages/organization.py", "organization", "団体", "Organization", ":material/apartment:"),
    ("factors", "pages/factors.py", "factors", "要因分析", "Factor analysis", ":material/analytics:"),
    ("data_import", "dashboard.pages.data_import", "import", "データ取込", "Import data", ":material/upload_file:"),
    ("export", "dashboard.pages.export", "export", "出力", "Export", ":material/download:"),
    ("audit", "dashboard.pages.audit", "audit", "監査ログ", "Audit log", ":material/history:"),
)


def _page_target(ref: str):
    """A page file of ours, or a colleague's render() (None while the module does not exist)."""
    if ref.endswith(".py"):
        return ref
    try:
        module = importlib.import_module(ref)
    except ImportError:
        return None
    return getattr(module, "render", None)


def main() -> None:
    st.set_page_config(page_title="三割 Sanwari", page_icon="📉", layout="wide")
    try:
        views.pin_snapshot()           # one snapshot for the whole rerun (store.reader)
        user = auth.gate()
    except store.StoreMissing as exc:
        st.error(str(exc))
        st.stop()
    lang = "en" if st.query_params.get("lang") == "en" else "ja"
    visible = set(access.visible_pages(user))
    pages = []
    for key, ref, url, ja, en, icon in PAGES:
        target = _page_target(ref) if key in visible else None
        if target is None:
            continue
        page = st.Page(target, title=ja if lang == "ja" else en, url_path=url or None,
                       icon=icon, default=not url)
        common.PAGES[key] = page
        pages.append(page)
    if not pages:
        st.error("表示できるページがありません。 / No page is available to you.")
        st.stop()
    st.navigation(pages).run()


main()
