"""Who may see what: the one place pages, downloads and exports ask for the user's scope.

Contract used by every page and export:
- `allowed_scope()` is the widest scope the signed-in user may see, resolved on the
  server from the identity on every call, never from the URL or a widget.
- `narrow(requested)` returns the requested scope if it lies inside the allowed one,
  and raises OutOfScope otherwise. `requested_scope(pref=, org=)` does the same for URL
  parameters (`?pref=35`, `?org=352012`); `refuse(exc)` shows the refusal and stops.
- The query loader calls `check_bound()` on the scope parameters of every query, so
  even a page that built a Scope by hand cannot read outside the allowed one.

Identity: in a Streamlit session, the signed-in user (auth.py), or the anonymous
open-demo user when the database holds demo figures only. On the command line, the
operator (national: the shell user holds the database file anyway), unless a command
runs `with acting_as(user_named(NAME))` to act within a user's role.
"""
from __future__ import annotations

import contextlib
import sys
from contextvars import ContextVar

import pandas as pd

from dashboard import accounts, reference
from dashboard.accounts import DEMO_USER, OPERATOR, User
from dashboard.scope import Scope, ScopeError

PAGES = ("national", "prefecture", "organization", "factors", "data_import", "export", "audit")
_acting: ContextVar[User | None] = ContextVar("sanwari_acting_as", default=None)


class OutOfScope(PermissionError):
    def __init__(self, requested: Scope | None, message: str | None = None):
        super().__init__(message or "指定された範囲は閲覧できる範囲の外です。 / "
                                    "This is not in your scope.")
        self.requested = requested


class NotSignedIn(OutOfScope):
    def __init__(self):
        super().__init__(None, "ログインしてください。 / Please sign in.")


class ImportNotAllowed(OutOfScope):
    def __init__(self):
        super().__init__(None, "取込の権限がありません。 / You may not import files.")


# ---------------------------------------------------------------- identity
def _in_streamlit() -> bool:
    # Checked without importing Streamlit, so the command line stays quick to start.
    if "streamlit" not in sys.modules:
        return False
    from dashboard import auth
    return auth.in_streamlit()


def _leave_old_style_pages() -> None:
    """Streamlit runs a file of the sibling dashboard/pages/ folder directly, without app.py
    (and so without the sign-in gate), until some run has called st.navigation: for
    example the first request of a fresh server for /prefecture. Switch that mode off and
    rerun, so that the request goes through app.py."""
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory:
        import streamlit as st
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_user() -> User | None:
    acting = _acting.get()
    if acting is not None:
        return acting
    if not _in_streamlit():
        return OPERATOR
    _leave_old_style_pages()
    from dashboard import auth
    user = auth.session_user()
    if user is not None:
        return user
    return DEMO_USER if auth.open_demo() else None


def user_named(name: str) -> User:
    """The user of a role-table entry, for commands run on someone's behalf."""
    account = accounts.get(name)
    if account is None:
        raise accounts.AccountError(f"{name} は登録されていません / no account named {name}")
    return User(account.name, "cli", account.role, account.may_import)


@contextlib.contextmanager
def acting_as(user: User):
    token = _acting.set(user)
    try:
        yield user
    finally:
        _acting.reset(token)


# ---------------------------------------------------------------- scope
def allowed_scope() -> Scope:
    user = current_user()
    if user is None:
        if _in_streamlit():         # a page reached without the app's gate: stop, show why
            refuse(NotSignedIn())
        raise NotSignedIn()
    return user.scope


def narrow(requested: Scope) -> Scope:
    if not allowed_scope().contains(requested):
        raise OutOfScope(requested)
    return requested


def requested_scope(pref: str | None = None, org: str | None = None) -> Scope:
    """The scope asked for by URL parameters, inside the allowed one; no parameter → allowed.

    An unknown or malformed code is refused like an out-of-scope one, so probing codes
    tells nothing."""
    allowed = allowed_scope()
    try:
        if org:
            requested = Scope("org", str(org).strip())
        elif pref:
            requested = Scope("pref", str(pref).strip().zfill(2))
        else:
            return allowed
    except ScopeError:
        raise OutOfScope(None) from None
    return narrow(requested)


def from_query_params(params) -> Scope:
    """`requested_scope` from st.query_params (keys `pref` and `org`)."""
    return requested_scope(pref=params.get("pref"), org=params.get("org"))


def check_bound(values: dict) -> None:
    """Called by the query loader with the bound parameters of every query."""
    if _acting.get() is None and not _in_streamlit():
        return                                  # the command-line operator
    org, pref = values.get("org_code"), values.get("pref_code")
    try:
        if org is not None:
            narrow(Scope("org", org))
        if pref is not None:
            narrow(Scope("pref", pref))
        if org is None and pref is None and ({"org_code", "pref_code"} & values.keys()):
            narrow(Scope())
    except ScopeError:
        raise OutOfScope(None) from None


def orgs_in_scope(scope: Scope | None = None) -> pd.DataFrame:
    """Reference rows (code, name, kind …) of the organizations inside a scope (default: allowed).
    For selectors: offer only these."""
    scope = narrow(scope) if scope is not None else allowed_scope()
    orgs = reference.organizations()
    if scope.kind == "pref":
        return orgs[orgs["pref_code"] == scope.code].reset_index(drop=True)
    if scope.kind == "org":
        return orgs[orgs["org_code"] == scope.code].reset_index(drop=True)
    return orgs


# ---------------------------------------------------------------- pages and imports
def visible_pages(user: User | None = None) -> list[str]:
    """Page keys the user may open, in navigation order (see PAGES)."""
    user = user or current_user()
    if user is None:
        return []
    kind = user.scope.kind
    pages = {"national": ["national", "prefecture", "organization", "factors"],
             "pref": ["prefecture", "organization", "factors"],
             "org": ["organization", "factors"]}[kind]
    if user.may_import and not user.anonymous:
        pages.append("data_import")
    pages.append("export")
    if kind == "national" and not user.anonymous:
        pages.append("audit")
    return pages


def may_open(page: str, user: User | None = None) -> bool:
    return page in visible_pages(user)


def may_import(user: User | None = None) -> bool:
    user = user or current_user()
    return bool(user and user.may_import and not user.anonymous)


def import_scope(user: User | None = None) -> Scope | None:
    """The scope an import is limited to (None: national, anything); ImportNotAllowed if none."""
    user = user or current_user()
    if not may_import(user):
        raise ImportNotAllowed()
    return None if user.scope.kind == "national" else user.scope


def refuse(exc: OutOfScope, lang: str = "ja") -> None:
    """Show a refusal in place of the page and stop the run. Names nothing outside the scope."""
    import streamlit as st
    user = current_user()
    mine = user.scope.label(lang) if user else "-"
    if isinstance(exc, (NotSignedIn, ImportNotAllowed)):
        st.error(str(exc))
    elif lang == "en":
        st.error(f"Not in your scope: you may see {mine} only. "
                 "(指定された範囲は閲覧できる範囲の外です)")
    else:
        st.error(f"指定された範囲は閲覧できる範囲の外です（閲覧できる範囲：{mine}）。 / "
                 "Not in your scope.")
    st.stop()
