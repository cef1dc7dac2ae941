"""The scope of a view: national, one prefecture (itself and its municipalities), or one organization.

Queries receive organizations only through a Scope: `params()` gives the two bound
parameters every page query filters on. A scope is built from trusted input only
(the CLI's --scope, or the signed-in user's role); a URL can only narrow it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard import reference


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    kind: str = "national"      # national | pref | org
    code: str | None = None     # pref: 2 digits; org: 6 digits

    def __post_init__(self):
        if self.kind == "national" and self.code is None:
            return
        if self.kind == "pref" and self.code in reference.prefecture_names():
            return
        if self.kind == "org" and self.code in reference.org_names():
            return
        raise ScopeError(f"unknown scope {self.kind}:{self.code} / 不明な範囲です")

    @classmethod
    def parse(cls, text: str) -> "Scope":
        """'national', 'pref:35' or 'org:352012' (as the CLI takes it)."""
        text = (text or "national").strip()
        if text == "national":
            return cls()
        match = re.fullmatch(r"(pref|org):(\d+)", text)
        if not match:
            raise ScopeError(f"scope must be national, pref:NN or org:CODE, not {text!r}")
        kind, code = match.groups()
        if kind == "pref":
            code = code.zfill(2)
        return cls(kind, code)

    def params(self) -> dict:
        return {"pref_code": self.code if self.kind == "pref" else None,
                "org_code": self.code if self.kind == "org" else None}

    @property
    def pref_code(self) -> str | None:
        if self.kind == "national":
            return None
        return self.code[:2]

    @property
    def tag(self) -> str:
        """national / pref35 / org352012: for file names and widget keys."""
        return "national" if self.kind == "national" else f"{self.kind}{self.code}"

    def contains(self, other: "Scope") -> bool:
        """Whether `other` lies inside this scope (used to check URL parameters)."""
        if self.kind == "national":
            return True
        if self.kind == "pref":
            return other.kind != "national" and other.pref_code == self.code
        return other == self

    def label(self, lang: str = "ja") -> str:
        if self.kind == "national":
            return "全国" if lang == "ja" else "All Japan"
        if self.kind == "pref":
            return reference.prefecture_names()[self.code]
        return reference.org_names()[self.code]

    def __str__(self) -> str:
        return "national" if self.kind == "national" else f"{self.kind}:{self.code}"


def covers_all(scope: Scope | None, touched: list[str | None]) -> bool:
    """Whether every scope a batch touches (ingest/batch_scope) lies inside `scope` (None:
    national). A batch touching nothing known (null) is national-only."""
    if scope is None or scope.kind == "national":
        return True
    if not touched:
        return False
    return all(t is not None and scope.contains(Scope.parse(t)) for t in touched)
