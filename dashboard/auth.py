"""Who the user is, resolved on the server on every run.

- With an `[auth]` section in .streamlit/secrets.toml, identity comes from the OIDC
  provider (`st.login` / `st.user`, Streamlit's Authlib integration); the e-mail address
  is looked up in the role table (accounts.py). There is no local password then.
- Otherwise local accounts sign in through a form (argon2id hashes, throttled per
  account on the server). The session keeps only the account name and two times; the
  role is re-read from the role table on every run, so a removed account is out at once.
- Sessions expire after SANWARI_SESSION_IDLE_MINUTES (60) without activity and after
  SANWARI_SESSION_HOURS (8) in all.
- A database holding only demo batches may be opened without signing in (the open demo,
  national scope, no import, marked in the sidebar; SANWARI_OPEN_DEMO=0 turns it off).
  A database with any imported batch refuses anonymous users.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from dashboard import accounts, audit, plain, queries, store
from dashboard.config import database_path
from dashboard.accounts import DEMO_USER, User

SESSION = "_sanwari_session"
IDLE_SECONDS = int(os.environ.get("SANWARI_SESSION_IDLE_MINUTES", "60")) * 60
MAX_SECONDS = int(os.environ.get("SANWARI_SESSION_HOURS", "8")) * 3600


def in_streamlit() -> bool:
    return get_script_run_ctx(suppress_warning=True) is not None


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:           # no secrets file at all
        return False


# ---------------------------------------------------------------- resolving
def _oidc_user() -> User | None:
    info = st.user
    if not info.get("is_logged_in"):
        return None
    if info.get("email_verified") is False:
        return None
    issued = info.get("iat")
    if isinstance(issued, (int, float)) and time.time() - issued > MAX_SECONDS:
        return None
    account = accounts.get(str(info.get("email") or ""))
    if account is None:
        return None
    return User(account.name, "oidc", account.role, account.may_import)


def same_browser() -> bool:
    """Whether this run comes from the browser the Streamlit session first ran in (the
    HttpOnly cookie of dashboard/ui/web.py). Knowing a session id is then not enough to act in
    it. Without the guard in front (AppTest, a bare `streamlit run app.py`) there is no
    browser cookie to bind to, and this is True."""
    from dashboard.ui import web
    if not web.ACTIVE:
        return True
    ctx = get_script_run_ctx(suppress_warning=True)
    try:
        token = st.context.cookies.get(web.COOKIE)
    except Exception:  # noqa: BLE001 - no client context: not the session's browser
        token = None
    return ctx is not None and web.bind(ctx.session_id, token if isinstance(token, str) else None)


def _local_user() -> User | None:
    """The account of the server-side session record this Streamlit session signed in with,
    checked on every run: live (idle and total limits), same account, same browser."""
    from dashboard import state
    session = st.session_state.get(SESSION)
    if not session:
        return None
    record = state.current().session(session["token"], IDLE_SECONDS, MAX_SECONDS)
    if record is None or record.account != session["name"]:
        del st.session_state[SESSION]
        st.session_state["_sanwari_expired"] = True
        return None
    account = accounts.get(session["name"])
    if account is None or not account.local:
        del st.session_state[SESSION]
        return None
    return User(account.name, "local", account.role, account.may_import)


def session_user() -> User | None:
    """The signed-in user of this session, or None (also when this run is not from the
    session's own browser)."""
    if not same_browser():
        return None
    return _oidc_user() if oidc_configured() else _local_user()


_demo_cache: dict[str, tuple[tuple, bool]] = {}


def open_demo(db: Path | str | None = None) -> bool:
    """True when the database holds demo batches and nothing else."""
    if os.environ.get("SANWARI_OPEN_DEMO", "1") == "0":
        return False
    db = Path(db or database_path())
    try:
        key = store.snapshot_id(db)
    except store.StoreMissing:
        return False
    cached = _demo_cache.get(str(db))
    if cached and cached[0] == key:
        return cached[1]
    with store.reader(db) as con:
        row = queries.run(con, "access/batch_kinds").iloc[0]
    result = bool(row["demo_batches"] > 0 and row["other_batches"] == 0)
    _demo_cache[str(db)] = (key, result)
    return result


# ---------------------------------------------------------------- the gate
def gate(db: Path | str | None = None, urls: tuple[str, ...] = ()) -> User:
    """Call first in the app: the user, or a sign-in screen and st.stop(). `urls`: the
    page addresses (from the page registry) that answer with the sign-in form."""
    user = session_user()
    if user is not None:
        account_box(user)
        return user
    if open_demo(db):
        with st.sidebar:
            st.warning("公開デモ：ログインなしで架空のデモデータを表示しています。 / "
                       "Open demo: fictional data, no sign-in.")
            with st.expander("ログイン / Sign in"):
                login_panel()
        return DEMO_USER
    # The sign-in screen is the only page of this run.
    # Every page address shows the form (no "page not found"), and keeps its parameters, so
    # after signing in the user lands on the address asked for, checked against the role.
    signin = [st.Page(_signin_page, title="ログイン / Sign in", default=True)] + \
        [st.Page(_signin_page, title=f"ログイン / Sign in ({url})", url_path=url)
         for url in urls if url]
    st.navigation(signin, position="hidden").run()
    st.stop()
    raise AssertionError("unreachable")


def _signin_page() -> None:
    st.title("三割 Sanwari")
    # Not only databases with imported figures land here: an empty (init) database and one
    # served with SANWARI_OPEN_DEMO=0 do too, so the text names no reason it cannot know.
    st.info("このデータベースを見るにはログインが必要です（公開デモ以外のデータベース）。 / "
            "Please sign in: this is not the open demo database.")
    login_panel()


def login_panel() -> None:
    if st.session_state.pop("_sanwari_expired", False):
        st.warning("セッションの有効期限が切れました。もう一度ログインしてください。 / "
                   "Your session expired; please sign in again.")
    if oidc_configured():
        _oidc_panel()
    else:
        _password_form()


def _oidc_panel() -> None:
    info = st.user
    if info.get("is_logged_in"):
        # signed in at the provider, but not in the role table (or not verified / too old)
        st.error("このアカウントには権限が割り当てられていません。管理者に連絡してください。 / "
                 "Your account has no role here; ask the national team to add it.")
        if st.button("ログアウト / Sign out", key="sanwari_oidc_logout"):
            st.logout()
        return
    if st.button("ログイン (SSO) / Sign in", key="sanwari_oidc_login", type="primary"):
        st.login()


def client_address() -> str:
    """Where this session's requests come from, for throttling: the header a trusted reverse
    proxy sets (SANWARI_CLIENT_HEADER, e.g. X-Real-IP), else the peer address."""
    header = os.environ.get("SANWARI_CLIENT_HEADER")
    try:
        if header:
            value = st.context.headers.get(header)
            if isinstance(value, str) and value:
                return value.split(",")[-1].strip()[:64]
        address = st.context.ip_address
        return address if isinstance(address, str) else ""    # (AppTest has no real client)
    except Exception:  # noqa: BLE001 - no client (a test run): no client key
        return ""


def _password_form() -> None:
    if not accounts.load():
        st.caption("アカウントがありません: `python -m dashboard user add NAME --role ...` "
                   "/ No accounts yet.")
    with st.form("sanwari_login", clear_on_submit=True):
        name = st.text_input("ユーザー名 / User name", key="sanwari_login_name")
        password = st.text_input("パスワード / Password", type="password",
                                 key="sanwari_login_password")
        submitted = st.form_submit_button("ログイン / Sign in", type="primary")
    if not submitted:
        return
    try:
        account = accounts.verify(name, password, client=client_address())
    except accounts.Throttled as exc:
        audit.record("login_failed", who=name.strip().lower()[:128], scope="-",
                     detail={"reason": "throttled"})
        st.error(str(exc))
        return
    if account is None:
        audit.record("login_failed", who=name.strip().lower()[:128], scope="-",
                     detail={"reason": "wrong name or password"})
        st.error("ユーザー名またはパスワードが違います。 / Wrong user name or password.")
        return
    from dashboard import state
    if not same_browser():
        st.error("このブラウザーのセッションを確認できません。ページを再読み込みしてください。 / "
                 "This browser session could not be confirmed; reload the page.")
        return
    st.session_state[SESSION] = {"name": account.name,
                                 "token": state.current().create_session(account.name, "local")}
    audit.record("login", who=account.name, scope=account.role, detail={"source": "local"})
    st.rerun()


def account_box(user: User) -> None:
    with st.sidebar:
        st.caption(f"👤 {plain.md(user.id)} — {user.role_label()}")
        if st.button("ログアウト / Sign out", key="sanwari_logout"):
            logout(user)


def logout(user: User) -> None:
    from dashboard import state
    audit.record("logout", who=user.id, scope=user.scope, detail={"source": user.source})
    session = st.session_state.pop(SESSION, None)
    if session:
        state.current().end_session(session["token"])
    if user.source == "oidc":
        st.logout()
    st.rerun()
