"""Who is signed in, resolved once per call on the server: the one place the app asks.

The signed-in user comes from auth.py (an OIDC identity or a local account, re-read from
the role table on every run), or is the anonymous open-demo user when the database holds
demo figures only, or nobody. `acting_as(user)` overrides that for a block of code (a
test or a script acting within one role). The rules themselves are dashboard/access.py;
the helpers below only pass this user to them, so a page never hands a user around.

The command line never imports this module: it acts as the operator, or as the account
named by `--as-user` (dashboard/commands/__init__.py: `acting_user`).
"""
from __future__ import annotations

import contextlib
from contextvars import ContextVar

import pandas as pd

from dashboard import access, audit, auth
from dashboard.accounts import DEMO_USER, User
from dashboard.scope import Scope

_acting: ContextVar[User | None] = ContextVar("sanwari_acting_as", default=None)


def current_user() -> User | None:
    acting = _acting.get()
    if acting is not None:
        return acting
    if not auth.in_streamlit():
        return None
    user = auth.session_user()
    if user is not None:
        return user
    return DEMO_USER if auth.open_demo() else None


@contextlib.contextmanager
def acting_as(user: User):
    token = _acting.set(user)
    try:
        yield user
    finally:
        _acting.reset(token)


# The access rules applied to the current user (see dashboard/access.py for each rule).
def allowed_scope() -> Scope:
    return access.allowed(current_user())


def narrow(requested: Scope) -> Scope:
    return access.check(current_user(), requested)


def requested_scope(pref: str | None = None, org: str | None = None) -> Scope:
    return access.requested_scope(current_user(), pref=pref, org=org)


def orgs_in_scope(scope: Scope | None = None) -> pd.DataFrame:
    return access.orgs_in_scope(current_user(), scope)


def visible_pages() -> list[str]:
    return access.visible_pages(current_user())


def may_open(page: str) -> bool:
    return access.may_open(page, current_user())


def may_import() -> bool:
    return access.may_import(current_user())


def import_scope() -> Scope | None:
    return access.import_scope(current_user())


def record(action: str, **fields) -> dict:
    """audit.record with who and scope defaulting to the current user."""
    if fields.get("who") is None or fields.get("scope") is None:
        user = current_user()
        if fields.get("who") is None:
            fields["who"] = user.id if user else "anonymous"
        if fields.get("scope") is None:
            fields["scope"] = user.scope if user else None
    return audit.record(action, **fields)
