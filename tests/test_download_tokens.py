"""Issue 11, finding 5 against a real server (`python -m dashboard serve`) and Debian's Chromium:
downloads were public `/media/<id>` URLs that answered anyone, for as long as the session
lived, unaudited. Now a click gets `/media/download/<token>`: the file once, to the browser
of the signed-in user it was made for, within SANWARI_DOWNLOAD_SECONDS, audited as that user.

The browser's own fetch of the address is held back (in the page's script) where a test needs
an unspent token, so the same address can then be tried without a cookie, from another
signed-in user's browser, twice, and too late.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from tests import access_fixtures as F
from tests.a11y_fixtures import open_as
from tests.browser_fixtures import browser, needs_chromium, settle  # noqa: F401 - fixture
from tests.bench.appserver import app_server

pytestmark = pytest.mark.browser
TTL = 8             # seconds a token lives on this test server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    needs_chromium()
    base = tmp_path_factory.mktemp("tokens")
    db = F.build(base / "real.duckdb", batch_kind=None)          # imported figures: sign-in required
    env = {"SANWARI_USERS": str(F.make_users(base / "users.toml")), "SANWARI_AUDIT": str(base / "audit.jsonl"),
           "SANWARI_STATE": str(base / "state.sqlite"), "SANWARI_DOWNLOAD_SECONDS": str(TTL)}
    with app_server(db, env, prewarm=False) as (url, _):
        yield url, base / "audit.jsonl"


def _get(url: str, cookie: str | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read(), {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, e.read(), {k.lower(): v for k, v in e.headers.items()}


def _cookie(context) -> str:
    [jar] = [c for c in context.cookies() if c["name"] == "sanwari_browser"]
    assert jar["httpOnly"] and jar["sameSite"] == "Strict"
    return f"sanwari_browser={jar['value']}"


def _signed_in(browser, url: str, account: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    open_as(page, url, "/", account)
    assert page.locator('[data-testid="stSidebar"] >> text=ログアウト').count() == 1
    return context, page


def _csv_button(page):
    """Open the first chart's table-and-downloads expander; its CSV download button."""
    page.locator('[class*="st-key-fig_"] summary').first.click()
    settle(page)
    return page.get_by_role("button", name="CSVをダウンロード").first


HOLD = """() => {
    // Streamlit's button checks the address with fetch() and then clicks an <a> to it: answer
    // the check here and keep the address instead of following it, so nothing reaches the server.
    window.__held = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
        if (this.href.includes('/media/download/')) { window.__held.push(this.href); return; }
        return click.call(this);
    };
    const fetch = window.fetch;
    window.fetch = function (url, options) {
        if (String(url).includes('/media/download/')) return Promise.resolve(new Response(null, {status: 204}));
        return fetch.call(this, url, options);
    };
}"""


def _held_token(page) -> str:
    """Click the CSV button with the browser's fetches of the address held back: the token stays unspent."""
    page.evaluate(HOLD)
    _csv_button(page).click()
    page.wait_for_function("() => window.__held.length > 0", timeout=120_000)
    return page.evaluate("window.__held[0]")


def _downloads(audit_path) -> list[dict]:
    lines = audit_path.read_text().splitlines() if audit_path.exists() else []
    return [e for e in map(json.loads, lines) if e["action"] == "download"]


def test_a_click_downloads_once_in_the_browser_and_is_audited_as_its_user(server, browser):
    """Chromium saves the CSV a signed-in user clicks; the audit log names that user; the address is spent."""
    url, audit_path = server
    context, page = _signed_in(browser, url, "yamaguchi_ro")
    try:
        before = len(_downloads(audit_path))
        with page.expect_download(timeout=120_000) as info:
            _csv_button(page).click()
        data = open(info.value.path(), "rb").read()
        name = info.value.suggested_filename
        assert name.endswith(".csv") and data.decode("utf-8-sig").count("\n") >= 2, (name, data[:200])
        assert "/media/download/" in info.value.url
        # audited once, as the signed-in user, with the file's name and size
        entries = _downloads(audit_path)[before:]
        assert [(e["who"], e["target"], e["detail"]["bytes"]) for e in entries] == \
            [("yamaguchi_ro", name, len(data))]
        assert entries[0]["scope"] == "pref:35"
        # the same address again, from the same browser: spent
        status, body, _ = _get(info.value.url, _cookie(context))
        assert status == 403 and body == b"forbidden"
        assert len(_downloads(audit_path)) == before + 1
    finally:
        context.close()


def test_a_token_is_refused_without_the_cookie_and_to_another_signed_in_user(server, browser):
    """An unspent address answers 403 with no cookie and to another user's browser, then 200 once to its owner."""
    url, audit_path = server
    owner, page = _signed_in(browser, url, "yamaguchi_ro")
    other, _ = _signed_in(browser, url, "nat")
    try:
        address = _held_token(page)
        before = len(_downloads(audit_path))
        assert _get(address)[0] == 403                               # no cookie at all
        assert _get(address, _cookie(other))[0] == 403               # another signed-in user's browser
        # Streamlit's own check of the address (a script fetch, not a navigation) gets no file
        status, body, _ = _get(address, _cookie(owner), {"Sec-Fetch-Mode": "cors"})
        assert status == 204 and body == b""
        assert len(_downloads(audit_path)) == before                  # nothing left the server yet
        status, body, headers = _get(address, _cookie(owner), {"Sec-Fetch-Mode": "navigate"})
        assert status == 200 and body.decode("utf-8-sig").count("\n") >= 2
        assert headers["content-disposition"].startswith("attachment; filename*=utf-8''sanwari_")
        assert headers["cache-control"] == "no-store"
        assert _get(address, _cookie(owner))[0] == 403               # single use
        assert [e["who"] for e in _downloads(audit_path)[before:]] == ["yamaguchi_ro"]
    finally:
        owner.close()
        other.close()


def test_a_token_expires(server, browser):
    """An unspent address fetched by its own browser after SANWARI_DOWNLOAD_SECONDS gets 403."""
    url, audit_path = server
    context, page = _signed_in(browser, url, "yamaguchi_ro")
    try:
        address = _held_token(page)
        time.sleep(TTL + 1)
        before = len(_downloads(audit_path))
        assert _get(address, _cookie(context))[0] == 403
        assert len(_downloads(audit_path)) == before
    finally:
        context.close()


def test_a_token_made_before_sign_out_is_not_served(server, browser):
    """A download button drawn before sign-out cannot mint an address afterwards (the sign-in record ended)."""
    url, _ = server
    context, page = _signed_in(browser, url, "yamaguchi_ro")
    try:
        button = _csv_button(page)
        # end the sign-in on the server, as a password change does, while the page still shows the button
        import os
        import subprocess
        import sys
        env = {**os.environ, "SANWARI_USERS": str(server[1].parent / "users.toml"),
               "SANWARI_STATE": str(server[1].parent / "state.sqlite")}
        script = "from dashboard import state; print(state.current().end_account_sessions('yamaguchi_ro'))"
        ended = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        assert int(ended.stdout.strip()) >= 1
        page.evaluate(HOLD)
        button.click()
        page.wait_for_selector('[data-testid="stDownloadButtonError"]', timeout=60_000)
        assert "ログインが終了" in page.inner_text('[data-testid="stDownloadButtonError"]')
        assert page.evaluate("window.__held") == []            # no address was handed out
    finally:
        context.close()


async def _session(url: str, cookie: str):
    """A websocket session like the front end's, after one run of the national page: (socket, session id, deferred ids)."""
    import asyncio

    import websockets
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from tests.bench.wsload import _rerun
    ws = await websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                  additional_headers={"Cookie": cookie}, max_size=None, open_timeout=60)
    await ws.send(_rerun("", ""))
    session_id, deferred = None, []
    while True:
        fwd = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), timeout=240))
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            session_id = fwd.new_session.initialize.session_id
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" and \
                fwd.delta.new_element.WhichOneof("type") == "download_button":
            deferred.append(fwd.delta.new_element.download_button.deferred_file_id)
        elif kind == "script_finished" and fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return ws, session_id, deferred


async def _ask(ws, session_id: str, file_id: str):
    """Ask for a deferred file as the front end does; the backend operation's response."""
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    msg = BackMsg()
    msg.backend_operation_request.request_id = "r1"
    msg.backend_operation_request.session_id = session_id
    msg.backend_operation_request.deferred_file.file_id = file_id
    await ws.send(msg.SerializeToString())
    while True:
        fwd = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), timeout=240))
        if fwd.WhichOneof("type") == "backend_operation_response":
            return fwd.backend_operation_response


def test_one_session_cannot_make_another_sessions_download(tmp_path):
    """A session asking for another session's download button by its id gets an error and no address."""
    import asyncio
    demo = F.build(tmp_path / "demo.duckdb")                      # the open demo: sessions without sign-in
    env = {"SANWARI_STATE": str(tmp_path / "state.sqlite"), "SANWARI_AUDIT": str(tmp_path / "audit.jsonl")}
    with app_server(demo, env, prewarm=False) as (url, _):
        def cookie() -> str:
            return _get(url + "/")[2]["set-cookie"].split(";")[0]
        victim_cookie, attacker_cookie = cookie(), cookie()

        async def scenario():
            victim, victim_id, ids = await _session(url, victim_cookie)
            attacker, attacker_id, _ = await _session(url, attacker_cookie)
            try:
                assert ids and all(ids), "the national page offers a download button"
                stolen = await _ask(attacker, attacker_id, ids[0])
                own = await _ask(victim, victim_id, ids[0])
                return stolen, own
            finally:
                await victim.close()
                await attacker.close()
        # in a thread of its own: the module's Playwright (sync API) keeps an event loop in this one
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(1) as pool:
            stolen, own = pool.submit(asyncio.run, scenario()).result()
        assert stolen.error_msg and not stolen.deferred_file.url
        assert own.deferred_file.url.startswith("/media/download/") and not own.error_msg
        address = url + own.deferred_file.url
        assert _get(address, attacker_cookie)[0] == 403
        status, body, _ = _get(address, victim_cookie)
        assert status == 200 and body
    entries = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [(e["action"], e["who"]) for e in entries if e["action"] == "download"] == [("download", "anonymous")]

