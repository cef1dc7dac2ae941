"""Sanwari (三割) — the Streamlit entry point: `streamlit run dashboard/app.py`.

Pages and their stable addresses come from the one page registry (dashboard/ui/registry.py):
"/" national overview, "/prefecture?pref=NN", "/organization?org=CODE", "/factors",
"/import", "/export", "/audit". Which pages a user sees comes from dashboard.access
(their role's scope), applied to the signed-in user (dashboard.session).
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:          # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import access, auth, store, views  # noqa: E402
from dashboard.ui import registry  # noqa: E402
from dashboard.ui import a11y, common  # noqa: E402


def _page_target(ref: str):
    """A page file (run as a script), or a page module's render()."""
    if ref.endswith(".py"):
        return ref
    return importlib.import_module(ref).render


def main() -> None:
    st.set_page_config(page_title="三割 Sanwari", page_icon="📉", layout="wide")
    common.remember()                  # ?lang= survives a page switch, also for <html lang>
    lang = "en" if st.query_params.get("lang") == "en" else "ja"
    a11y.install()                 # before the gate: the sign-in form is read in its language too
    try:
        views.pin_snapshot()           # one snapshot for the whole rerun (store.reader)
        user = auth.gate(urls=registry.URLS)
    except store.StoreMissing as exc:
        st.error(str(exc))
        st.stop()
    visible = set(access.visible_pages(user))
    pages = []
    for info in registry.PAGES:
        if info.key not in visible:
            continue
        page = st.Page(_page_target(info.target), title=info.title(lang), url_path=info.url or None,
                       icon=info.icon, default=not info.url)
        registry.NAV[info.key] = page
        pages.append(page)
    if not pages:
        st.error("表示できるページがありません。 / No page is available to you.")
        st.stop()
    explain_hidden_page(visible)
    st.navigation(pages).run()


def explain_hidden_page(visible: set) -> None:
    """An address the user may not open (e.g. /import in the open demo) would silently show the
    national page; say instead that the page needs a signed-in role."""
    try:
        path = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    except Exception:  # noqa: BLE001 - no browser context (CLI, AppTest): nothing to explain
        return
    for info in registry.PAGES:
        if info.url and path == info.url and info.key not in visible:
            ja, en = info.ja, info.en
            st.info(f"「{ja}」を開くにはログインが必要です（取込・監査は権限のある利用者のみ）。"
                    f"左のメニューの「ログイン」から入ってください。 / "
                    f"{en} needs you to sign in with a role that allows it: use 'Sign in' in the sidebar.",
                    icon="🔒")
            return


main()
