"""Shared parts of the accessibility browser tests: app servers for the open demo and for
signed-in roles, Debian's Chromium, waiting for a run to finish, signing in through the form.

Sign-in goes through the UI form (as a user would). If the server already knows the browser
(a session that survives a reload), the form is simply not shown and nothing is typed.
"""
from __future__ import annotations

import os
import time

import pytest

from tests import access_fixtures as F
from tests.bench.appserver import CHROMIUM, CHROMIUM_ARGS, app_server

SIGN_IN_TEXT = "ログインが必要"
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


def needs_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make setup installs it)")


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


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def settle(page, timeout_ms: int = 120_000) -> None:
    """Until the script run has finished and stayed finished for a moment (a run can start
    a second one, e.g. when the URL's parameters are carried over)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    # every page, the sign-in screen included, has a title: before it the app has not run yet
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    done = """() => !document.querySelector('[data-testid="stStatusWidget"]')
                    && document.querySelector('[data-testid="stApp"]')?.dataset?.teststate !== 'running'"""
    for _ in range(3):
        time.sleep(0.7)
        page.wait_for_function(done, timeout=timeout_ms)
    time.sleep(1.0)


def open_as(page, url: str, address: str, account: str | None) -> None:
    """Go to url+address; sign in through the form when it asks (keeping the address)."""
    page.goto(url + address)
    settle(page)
    if account is None or page.get_by_text(SIGN_IN_TEXT).count() == 0:
        return
    page.get_by_label("ユーザー名 / User name").fill(account)
    page.get_by_label("パスワード / Password").fill(F.PASSWORD)
    page.get_by_role("button", name="ログイン / Sign in").click()
    page.wait_for_selector('[data-testid="stSidebar"] >> text=ログアウト', timeout=60_000)
    settle(page)
