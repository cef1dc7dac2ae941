"""What every real-browser test shares: Debian's Chromium (skip, or fail, where it is missing),
one Chromium per test module, waiting until the app's script run has finished, and signing in
through the local-account form. A test module imports the `browser` fixture by name.

The app servers themselves come from tests/bench/appserver.py (a free port each).
"""
from __future__ import annotations

import os
import time

import pytest

from tests import access_fixtures as F
from tests.bench.appserver import CHROMIUM, RUN_FINISHED, launch_browser

SIGN_IN_TEXT = "ログインが必要"
SIGNED_IN = '[data-testid="stSidebar"] >> text=ログアウト'


def needs_chromium(required: bool = False) -> None:
    """Skip the module's tests where Debian's chromium is missing; `required`: fail instead
    (a check that must not pass silently on a machine set up without it)."""
    if not os.path.exists(CHROMIUM):
        (pytest.fail if required else pytest.skip)("Debian chromium is not installed (make setup installs it)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


def settle(page, timeout_ms: int = 120_000, *, title: bool = True, checks: int = 3) -> None:
    """Until the script run has finished and stayed finished over `checks` looks 0.7 s apart
    (a run can start a second one, e.g. when the URL's parameters are carried over), then a
    moment more for Plotly to draw after the last delta.

    `title`: wait for the page title first (every page has one, the sign-in screen included,
    and before it the app has not run yet); a refusal stops the run before the title, so a
    test that may land on one passes False."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    if title:
        page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    for _ in range(checks):
        time.sleep(0.7)
        page.wait_for_function(RUN_FINISHED, timeout=timeout_ms)
    time.sleep(1.0)


def fill_sign_in(page, account: str, password: str = F.PASSWORD) -> None:
    """Sign in through the local-account form on the page; returns once the sidebar offers sign-out."""
    page.get_by_label("ユーザー名 / User name").fill(account)
    page.get_by_label("パスワード / Password").fill(password)
    page.get_by_role("button", name="ログイン / Sign in").click()
    page.wait_for_selector(SIGNED_IN, timeout=60_000)


def at_sign_in(page) -> None:
    """Until the sign-in screen is shown and its run has finished."""
    page.wait_for_selector(f"text={SIGN_IN_TEXT}", timeout=60_000)
    settle(page, title=False, checks=1)


def past_sign_in(page) -> None:
    """Until the page asked for (which may be a refusal) has replaced the sign-in screen: the
    account box comes first in the run, the sign-in text goes when the page is drawn."""
    page.wait_for_function(f"() => !document.body.innerText.includes('{SIGN_IN_TEXT}')", timeout=120_000)
    settle(page, title=False, checks=1)


def sign_in(page, url: str, account: str) -> None:
    """Open `url` in a new session (its sign-in form), sign in and wait for the page asked for."""
    page.goto(url)
    at_sign_in(page)
    fill_sign_in(page, account)
    past_sign_in(page)
