"""The guard of dashboard/ui/web.py gives a browser without its cookie a new one, and keeps the
request's other cookies: the return from an OIDC provider on another site carries Streamlit's
Lax session cookie (the st.login state) but not the Strict browser cookie."""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from dashboard.ui import web


def _client() -> TestClient:
    async def cookies(request):
        return JSONResponse(dict(request.cookies))
    app = Starlette(routes=[Route("/oauth2callback", cookies)])
    return TestClient(web.Guard(app), base_url="http://127.0.0.1")


def test_a_request_without_the_browser_cookie_keeps_its_other_cookies():
    """A cross-site return (no sanwari_browser) still reaches the app with its session cookie."""
    response = _client().get("/oauth2callback", headers={"cookie": "session=abc.def; other=1"})
    seen = response.json()
    assert seen["session"] == "abc.def" and seen["other"] == "1"
    assert len(seen[web.COOKIE]) >= 40                       # a fresh browser token was added
    assert f"{web.COOKIE}={seen[web.COOKIE]}" in response.headers["set-cookie"]


def test_a_request_with_the_browser_cookie_is_left_alone():
    """With its browser cookie the request passes unchanged and no new cookie is set."""
    response = _client().get("/oauth2callback", headers={"cookie": f"session=s; {web.COOKIE}=tok"})
    assert response.json() == {"session": "s", web.COOKIE: "tok"}
    assert "set-cookie" not in response.headers
