"""Fixtures for the access tests: small real databases and real accounts.

The database holds the demo generator's figures for three prefectures only (東京都 13,
愛知県 23, 山口県 35), which keeps a build to a few seconds. The three roles of the
issue are a national account, a 山口県 account and a 一宮市 (愛知県) account.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from dashboard import accounts, demo, reference, store
from dashboard.ingest import load
from dashboard.scope import Scope
from tests import fixture_cache

PREFS = ("13", "23", "35")
PASSWORD = "correct-horse-battery"
ROLES = {
    "nat": (Scope(), True),
    "yamaguchi": (Scope("pref", "35"), True),
    "ichinomiya": (Scope("org", "232033"), True),
    "yamaguchi_ro": (Scope("pref", "35"), False),
}


@functools.lru_cache(maxsize=1)
def demo_subset() -> demo.DemoData:
    data = demo.generate()
    keep = lambda f: f[f["org_code"].str[:2].isin(PREFS)].reset_index(drop=True)  # noqa: E731
    return demo.DemoData(keep(data.costs), keep(data.drivers), keep(data.status))


def build(path: Path, data: demo.DemoData | None = None, batch_kind: str | None = "demo",
          alter_outside: Scope | None = None) -> Path:
    """A database of the subset. batch_kind=None: stored as imported files (not demo), so the
    app requires sign-in. `alter_outside`: triple every figure of the organizations outside
    that scope (for tests that prove outside figures cannot change a result). The subset's
    databases come from the on-disk fixture cache (a private copy at `path`)."""
    if data is None:
        return fixture_cache.copy_of(
            "access", lambda tmp: _build(tmp, demo_subset(), batch_kind, alter_outside), path,
            batch_kind, str(alter_outside))
    return _build(path, data, batch_kind, alter_outside)


def _build(path: Path, data: demo.DemoData, batch_kind: str | None,
           alter_outside: Scope | None) -> Path:
    frames = {"costs": data.costs, "drivers": data.drivers, "status": data.status}
    if alter_outside is not None:
        frames = {k: _alter(f, alter_outside) if k != "status" else f for k, f in frames.items()}
    with store.writer(path, create=True) as con:
        for kind, frame in frames.items():
            load.apply(con, kind, frame, file_name=f"access-test {kind}",
                       file_sha256=f"access-{kind}", imported_by="test",
                       batch_kind=batch_kind or kind)
    return path


def _alter(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    frame = frame.copy()
    codes = frame["org_code"]
    inside = (codes.str[:2] == scope.code if scope.kind == "pref" else
              codes == scope.code if scope.kind == "org" else codes == codes)
    frame.loc[~inside, "amount_yen"] = frame.loc[~inside, "amount_yen"] * 3 + 1000
    return frame


def make_users(path: Path) -> Path:
    for name, (role, may_import) in ROLES.items():
        accounts.add(name, role, may_import=may_import, password=PASSWORD, path=path)
    return path


def set_env(monkeypatch, db: Path, users: Path, audit: Path) -> None:
    monkeypatch.setenv("SANWARI_DB", str(db))
    monkeypatch.setenv("SANWARI_USERS", str(users))
    monkeypatch.setenv("SANWARI_AUDIT", str(audit))
    monkeypatch.delenv("SANWARI_OPEN_DEMO", raising=False)


def outside_names(scope: Scope) -> list[str]:
    """Names of organizations with figures in the test databases that lie outside `scope`,
    leaving out names shared with an organization inside it (e.g. two 中央区)."""
    orgs = reference.organizations()
    orgs = orgs[orgs["pref_code"].isin(PREFS)]
    inside = orgs["org_code"].map(lambda c: scope.contains(Scope("org", c)))
    own = set(orgs.loc[inside, "name"])
    if scope.kind == "org":          # an organization is shown with its prefecture's name
        own.add(reference.prefecture_names()[scope.code[:2]])
    names = set(orgs.loc[~inside, "name"]) - own
    return sorted(n for n in names if not any(n in o for o in own))
