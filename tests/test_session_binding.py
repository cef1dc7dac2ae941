"""Findings 4, 5 and 12 against a real server (`python -m dashboard serve`, the guard of
dashboard/ui/web.py in front of Streamlit):

4. the Streamlit session id was the only credential: a second client presenting it took
   over the session; session ids sit in upload URLs;
5. /media/<id> files answered a client with no cookie; a session could run another
   session's deferred download;
12. /_stcore/metrics was open; no frame protection or content security policy.
"""
from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

import pytest
import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests import access_fixtures as F
from tests.bench.appserver import app_server
from tests.bench.wsload import _rerun



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("binding")
    db = F.build(base / "demo.duckdb")                   # the open demo: runs without sign-in
    with app_server(db, env={"SANWARI_STATE": str(base / "state.sqlite")}, prewarm=False) as (url, _):
        yield url


def _get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers), r.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), []


def _browser_cookie(url: str) -> str:
    status, _, cookies = _get(url + "/")
    assert status == 200 and cookies
    return cookies[0].split(";")[0]


async def _open(url: str, cookie: str | None, existing: str | None = None) -> str:
    """Connect like the front end, run the page once, return the session id."""
    protocols = ["streamlit"] + (["xsrf-placeholder", existing] if existing else [])
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else None
    async with websockets.connect(ws_url, subprotocols=protocols, additional_headers=headers,
                                  max_size=None, open_timeout=60) as ws:
        await ws.send(_rerun("", ""))
        session_id = None
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=240))
            if fwd.WhichOneof("type") == "new_session":
                session_id = fwd.new_session.initialize.session_id
            if fwd.WhichOneof("type") == "script_finished" and \
                    fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return session_id


def test_the_browser_cookie_is_httponly_and_samesite_strict(server):
    status, headers, cookies = _get(server + "/")
    assert status == 200
    assert len(cookies) == 1 and cookies[0].startswith("sanwari_browser=")
    assert "HttpOnly" in cookies[0] and "SameSite=Strict" in cookies[0]


def test_a_known_session_id_does_not_let_another_client_in(server):
    victim_cookie = _browser_cookie(server)
    victim = asyncio.run(_open(server, victim_cookie))
    assert victim
    attacker_cookie = _browser_cookie(server)
    for cookie in (attacker_cookie, None):          # another browser, or none at all
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            asyncio.run(_open(server, cookie, existing=victim))
        assert refused.value.response.status_code == 403
    # the victim's own browser may reconnect to its session (a dropped connection)
    assert asyncio.run(_open(server, victim_cookie, existing=victim)) == victim
    # uploads into the victim's session (its id sits in the upload URL) are refused too
    status, _, _ = _get(f"{server}/_stcore/upload_file/{victim}/x", attacker_cookie)
    assert status == 403


def test_media_files_need_the_owning_browser(server):
    for cookie in (None, _browser_cookie(server)):
        status, _, _ = _get(server + "/media/0123456789abcdef0123456789abcdef.csv", cookie)
        assert status == 403


def test_metrics_off_and_frame_protection_and_csp(server):
    assert _get(server + "/_stcore/metrics")[0] == 404
    _, headers, _ = _get(server + "/")
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["x-frame-options"] == "DENY"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "img-src 'self' data: blob:" in csp


async def _messages(url: str, cookie: str, page: str, query: str) -> list[bytes]:
    """Every message the server sends a fresh session for one run of `page`."""
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    seen: list[bytes] = []
    async with websockets.connect(ws_url, subprotocols=["streamlit"], additional_headers={"Cookie": cookie},
                                  max_size=None, open_timeout=60) as ws:
        await ws.send(_rerun(page, query))
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=240)
            seen.append(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "script_finished" and \
                    fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return seen


def test_no_file_system_path_reaches_the_browser_from_any_working_directory(tmp_path):
    """Started outside the repository, the server sends no path of its files and keeps the hardened client settings."""
    from tests.bench.appserver import ROOT
    db = F.build(tmp_path / "demo.duckdb")
    with app_server(db, env={"SANWARI_STATE": str(tmp_path / "state.sqlite")}, prewarm=False, cwd=tmp_path) as (url, _):
        cookie = _browser_cookie(url)
        runs = [asyncio.run(_messages(url, cookie, page, query))
                for page, query in (("", ""), ("prefecture", "pref=35"), ("organization", "org=999999"),
                                    ("no_such_page", ""))]
    sent = b"".join(b"".join(run) for run in runs)
    for secret in (str(ROOT), str(tmp_path), "site-packages", "Traceback"):
        assert secret.encode() not in sent, secret
    sessions = [m for m in (ForwardMsg.FromString(raw) for run in runs for raw in run)
                if m.WhichOneof("type") == "new_session"]
    assert sessions and all("/" not in s.new_session.main_script_path for s in sessions)
    assert all(s.new_session.config.disable_data_export for s in sessions)
