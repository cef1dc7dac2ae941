"""Who may see what: the access rules, as plain functions of (user, requested scope).

No Streamlit and no identity lookup here: the caller passes the user. In the app that is
`session.current_user()` (dashboard/session.py), on the command line the operator or the
account named by `--as-user`. The rules:
- a user's widest scope is their role's (`user.scope`); `check(user, requested)` returns
  the requested scope when it lies inside it and raises OutOfScope otherwise;
- `requested_scope(user, pref=, org=)` does the same for URL parameters (`?pref=35`,
  `?org=352012`): no parameter means the user's own scope; an unknown or malformed code
  is refused like an out-of-scope one, so that probing codes tells nothing;
- `check_bound(user, values)` checks the scope parameters of a query (pref_code, org_code)
  the same way, for callers that bind them by hand.
"""
from __future__ import annotations

import pandas as pd

from dashboard import accounts, reference
from dashboard.accounts import User
from dashboard.scope import Scope, ScopeError, covers_all


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


def allowed(user: User | None) -> Scope:
    """The widest scope the user may see; NotSignedIn without a user."""
    if user is None:
        raise NotSignedIn()
    return user.scope


def check(user: User | None, requested: Scope) -> Scope:
    """`requested` if it lies inside the user's scope, else OutOfScope."""
    if not allowed(user).contains(requested):
        raise OutOfScope(requested)
    return requested


def requested_scope(user: User | None, pref: str | None = None, org: str | None = None) -> Scope:
    """The scope asked for by URL parameters, inside the user's; no parameter → the user's."""
    mine = allowed(user)
    try:
        if org:
            requested = Scope("org", str(org).strip())
        elif pref:
            requested = Scope("pref", str(pref).strip().zfill(2))
        else:
            return mine
    except ScopeError:
        raise OutOfScope(None) from None
    return check(user, requested)


def check_bound(user: User | None, values: dict) -> None:
    """Refuse bound query parameters (org_code, pref_code) outside the user's scope."""
    org, pref = values.get("org_code"), values.get("pref_code")
    try:
        if org is not None:
            check(user, Scope("org", org))
        if pref is not None:
            check(user, Scope("pref", pref))
        if org is None and pref is None and ({"org_code", "pref_code"} & values.keys()):
            check(user, Scope())
    except ScopeError:
        raise OutOfScope(None) from None


def orgs_in_scope(user: User | None, scope: Scope | None = None) -> pd.DataFrame:
    """Reference rows (code, name, kind …) of the organizations inside a scope (default: the
    user's). For selectors: offer only these."""
    scope = check(user, scope) if scope is not None else allowed(user)
    orgs = reference.organizations()
    if scope.kind == "pref":
        return orgs[orgs["pref_code"] == scope.code].reset_index(drop=True)
    if scope.kind == "org":
        return orgs[orgs["org_code"] == scope.code].reset_index(drop=True)
    return orgs


def visible_pages(user: User | None) -> list[str]:
    """Page keys the user may open, in navigation order (keys of dashboard/ui/registry.py)."""
    if user is None:
        return []
    kind = user.scope.kind
    pages = {"national": ["national", "prefecture", "organization", "factors", "scenarios", "cloud"],
             "pref": ["prefecture", "organization", "factors", "scenarios", "cloud"],
             "org": ["organization", "factors", "scenarios", "cloud"]}[kind]
    pages.append("estimate")       # reviewing writes nothing; saving asks for a signed-in user
    if may_import(user):
        pages.append("data_import")
    pages.append("export")
    if kind == "national" and not user.anonymous:
        pages.append("audit")
    return pages


def may_open(page: str, user: User | None) -> bool:
    return page in visible_pages(user)


def may_import(user: User | None) -> bool:
    return bool(user and user.may_import and not user.anonymous)


def import_scope(user: User | None) -> Scope | None:
    """The scope an import is limited to (None: national, anything); ImportNotAllowed if none."""
    if not may_import(user):
        raise ImportNotAllowed()
    return None if user.scope.kind == "national" else user.scope


def visible_batches(user: User | None, batches: pd.DataFrame,
                    touched: pd.DataFrame | None = None) -> pd.DataFrame:
    """The import batches (pipeline.history rows) a user may see and roll back: a national
    importer every batch; a prefecture or organization importer the batches whose every row
    lies inside their scope (`touched`: ingest/batch_scope rows), whoever imported them; a
    batch with any row outside is neither shown nor theirs to roll back. Anyone else none."""
    if not may_import(user):
        return batches.iloc[0:0]
    scope = import_scope(user)
    if scope is None:
        return batches
    if touched is None:
        return batches.iloc[0:0]
    by_batch = touched.groupby("batch_id")["touched_scope"].agg(list)
    mine = {int(b) for b, t in by_batch.items() if covers_all(scope, [x if isinstance(x, str) else None for x in t])}
    return batches[batches["batch_id"].astype(int).isin(mine)]


def user_named(name: str) -> User:
    """The user of a role-table entry, for commands run on someone's behalf (--as-user)."""
    account = accounts.get(name)
    if account is None:
        raise accounts.AccountError(f"{name} は登録されていません / no account named {name}")
    return User(account.name, "cli", account.role, account.may_import)
