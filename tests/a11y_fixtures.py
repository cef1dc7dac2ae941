"""Shared parts of the accessibility browser tests: app servers for the open demo and for
signed-in roles, and opening a page as a role (Chromium, `browser` and `settle` come from
tests/browser_fixtures.py and are named here for the tests that import them from this module).

Sign-in goes through the UI form (as a user would). If the server already knows the browser
(a session that survives a reload), the form is simply not shown and nothing is typed.
"""
from __future__ import annotations

import pytest

from tests import access_fixtures as F
from tests.bench.appserver import app_server
from tests.browser_fixtures import SIGN_IN_TEXT, browser, fill_sign_in, needs_chromium, settle  # noqa: F401

# role name → (account, the page to start on; None = anonymous on the open demo). The pages
# audited are those the role's own navigation lists (so a new page is audited as soon as it
# is registered), with a prefecture and an organization chosen where the role may pick one.
ROLES = {
    "anonymous": (None, "/"),
    "national": ("nat", "/"),
    "prefecture": ("yamaguchi_ro", "/prefecture"),
    "organization": ("ichinomiya", "/organization"),
    "importer": ("yamaguchi", "/import"),
}
PARAMS = {"anonymous": {"/prefecture": "pref=35", "/organization": "org=352012"},
          "national": {"/prefecture": "pref=35", "/organization": "org=352012"},
          "prefecture": {"/organization": "org=352012"}, "importer": {"/organization": "org=352012"}}


def nav_paths(page) -> list[str]:
    """The page addresses listed in the sidebar navigation of the signed-in role."""
    return page.eval_on_selector_all('[data-testid="stSidebarNav"] a',
                                     "els => els.map(e => new URL(e.href).pathname)")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """{'demo': url of an open demo, 'signed': url of a database that requires sign-in}."""
    needs_chromium()
    base = tmp_path_factory.mktemp("a11y")
    demo = F.build(base / "demo.duckdb")                       # demo batches only: open demo
    real = F.build(base / "real.duckdb", batch_kind=None)      # imported figures: sign-in
    users = F.make_users(base / "users.toml")
    env = {"SANWARI_USERS": str(users), "SANWARI_AUDIT": str(base / "audit.jsonl")}
    with app_server(demo, env) as (demo_url, _), app_server(real, env) as (real_url, _):
        yield {"demo": demo_url, "signed": real_url}


def open_as(page, url: str, address: str, account: str | None) -> None:
    """Go to url+address; sign in through the form when it asks (keeping the address)."""
    page.goto(url + address)
    settle(page)
    if account is None or page.get_by_text(SIGN_IN_TEXT).count() == 0:
        return
    fill_sign_in(page, account)
    settle(page)
