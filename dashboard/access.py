"""Who may see what: the one place pages ask for the user's scope.

Contract used by every page and export:
- `allowed_scope()` is the widest scope the signed-in user may see, resolved on the
  server from the identity on every run, never from the URL or a widget.
- `narrow(requested)` returns the requested scope if it lies inside the allowed one,
  and raises OutOfScope otherwise.
Until accounts are configured the open demo serves the national scope.
"""
from __future__ import annotations

from dashboard.scope import Scope


class OutOfScope(PermissionError):
    def __init__(self, requested: Scope):
        super().__init__("この範囲を表示する権限がありません。 / This is not in your scope.")
        self.requested = requested


def allowed_scope() -> Scope:
    return Scope()


def narrow(requested: Scope) -> Scope:
    if not allowed_scope().contains(requested):
        raise OutOfScope(requested)
    return requested
