"""The HTTP layer around Streamlit: a browser cookie that binds each Streamlit session to
one browser, guarded media downloads and uploads, and hardened defaults.

Mounted through `st.App` (dashboard/ui/asgi.py, what `serve` and `make run` start). Streamlit
1.67 serves files (download buttons, deferred chart downloads) from `/media/<id>` to anyone
holding the URL, lets a client re-attach to any session whose id it knows (websocket
sub-protocol), and accepts uploads at `/_stcore/upload_file/<session id>/…`. So:

- every page load without one gets a random `sanwari_browser` cookie (HttpOnly,
  SameSite=Strict, Secure behind HTTPS); each Streamlit session is bound, on its first run,
  to the hash of the cookie its browser sent (`bind`, from auth.py);
- a download button's file leaves only through a single-use, short-lived token bound to
  this cookie, made for the session's signed-in user (dashboard/ui/deliver.py:
  `/media/download/<token>`); a click runs only for the session that owns the button, from
  its own browser; Streamlit's own `/media/<id>` never serves a download, and serves other
  media only to a request whose cookie is bound to a session holding that file (403
  otherwise, e.g. without a cookie); the same for uploads into a session and for
  re-attaching a websocket to an existing session;
- `/_stcore/metrics` is off (404); every response carries frame protection, a content
  security policy that allows no other host, nosniff and no-referrer; the browser is not
  told the server's script path.

The binding lives in this process, as Streamlit's sessions do (several replicas need
sticky sessions for Streamlit anyway).
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
from http.cookies import SimpleCookie

COOKIE = "sanwari_browser"
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "connect-src 'self' ws: wss:; worker-src 'self' blob:; frame-src 'self'; "
       "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'")
HEADERS = [(b"x-frame-options", b"DENY"), (b"content-security-policy", CSP.encode()),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
_DOWNLOAD = re.compile(r"^/media/download/([A-Za-z0-9_-]{20,100})$")
_MEDIA = re.compile(r"^/media/([0-9a-f]+)(?:\.[A-Za-z0-9]+)?$")
_UPLOAD = re.compile(r"^/_stcore/upload_file/([^/]+)/")
_ASSET = ("/_stcore/", "/static/", "/media/", "/component/", "/favicon", "/app/static/")

ACTIVE = False                        # set by dashboard/ui/asgi.py: the guard is in front
_bound: dict[str, str] = {}           # Streamlit session id -> hash of its browser's cookie
_lock = threading.Lock()
SERVE_DOWNLOAD = None                 # dashboard/ui/deliver.install(): answers /media/download/<token>


def token_hash(token: str | None) -> str | None:
    return hashlib.sha256(token.encode()).hexdigest() if token else None


def bind(session_id: str, browser_token: str | None) -> bool:
    """Bind a session to its browser on its first run; later runs must come from the same
    browser. False when this run's browser is not the one the session belongs to."""
    digest = token_hash(browser_token)
    if digest is None:
        return False
    with _lock:
        bound = _bound.setdefault(session_id, digest)
    return secrets.compare_digest(bound, digest)


def bound_to(session_id: str, browser_token: str | None) -> bool:
    with _lock:
        bound = _bound.get(session_id)
    digest = token_hash(browser_token)
    return bound is not None and digest is not None and secrets.compare_digest(bound, digest)


def _cookie(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is no cookie
                return None
            if COOKIE in jar:
                return jar[COOKIE].value
    return None


def _media_sessions(file_id: str) -> set[str]:
    """The sessions holding a media file; none for a download (those leave by token only)."""
    from streamlit import runtime
    from streamlit.runtime.media_file_storage import MediaFileKind
    mgr = runtime.get_instance().media_file_mgr
    with mgr._lock:
        meta = mgr._file_metadata.get(file_id)
        if meta is None or meta.kind == MediaFileKind.DOWNLOADABLE:
            return set()
        return {sid for sid, files in mgr._files_by_session_and_coord.items() if file_id in files.values()}


def _existing_session(headers) -> str | None:
    for name, value in headers:
        if name == b"sec-websocket-protocol":
            parts = [p.strip() for p in value.decode("latin-1").split(",")]
            return parts[2] if len(parts) >= 3 and parts[2] else None
    return None


class Guard:
    """Pure ASGI middleware (no response buffering, websockets pass through)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        headers = scope.get("headers", [])
        token = _cookie(headers)
        if scope["type"] == "websocket":
            existing = _existing_session(headers)
            if existing and not (bound_to(existing, token) or existing not in _bound):
                return await send({"type": "websocket.close", "code": 1008})
            return await self.app(scope, receive, send)
        if path.rstrip("/") == "/_stcore/metrics":
            return await _plain(send, 404, b"not found")
        if match := _DOWNLOAD.match(path):
            if SERVE_DOWNLOAD is None:      # (deliver.install() not called: nothing to serve)
                return await _plain(send, 403, b"forbidden")
            return await SERVE_DOWNLOAD(scope, send, match.group(1), token, _plain)
        if match := _MEDIA.match(path):
            if not any(bound_to(sid, token) for sid in _media_sessions(match.group(1))):
                return await _plain(send, 403, b"forbidden")
        if match := _UPLOAD.match(path):
            if not bound_to(match.group(1), token):
                return await _plain(send, 403, b"forbidden")
        new_token = None
        if token is None and scope.get("method") == "GET" and not path.startswith(_ASSET):
            new_token = secrets.token_urlsafe(32)
            # Keep the request's other cookies: the return from a sign-in provider on another
            # site arrives without this SameSite=Strict cookie but with Streamlit's (Lax)
            # session cookie, which holds the OIDC state of st.login.
            others = [v.decode("latin-1") for n, v in headers if n == b"cookie"]
            cookie_headers = [(b"cookie", "; ".join([*others, f"{COOKIE}={new_token}"]).encode("latin-1"))]
            scope = {**scope, "headers": [h for h in headers if h[0] != b"cookie"] + cookie_headers}
        secure = scope.get("scheme") == "https" or os.environ.get("SANWARI_COOKIE_SECURE") == "1"

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                extra = list(HEADERS)
                if new_token:
                    extra.append((b"set-cookie", (f"{COOKIE}={new_token}; Path=/; HttpOnly; SameSite=Strict"
                                                  + ("; Secure" if secure else "")).encode()))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


async def _plain(send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain"), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


def ignore_clear_cache() -> None:
    """Streamlit's "clear cache" message empties every user's cache; honour it only with
    SANWARI_DEV=1 (a developer's machine)."""
    from streamlit.runtime.app_session import AppSession
    if getattr(AppSession, "_sanwari_guarded", False) or os.environ.get("SANWARI_DEV") == "1":
        return
    AppSession._handle_clear_cache_request = lambda self: None
    AppSession._sanwari_guarded = True


def hide_script_path() -> None:
    """Streamlit sends every browser the server's absolute script path (new_session's
    main_script_path, which the front end only hashes into an app id); send the file name."""
    from streamlit.runtime.app_session import AppSession
    original = AppSession._create_new_session_message
    if getattr(original, "_sanwari_guarded", False):
        return

    def create(self, *args, **kwargs):
        msg = original(self, *args, **kwargs)
        msg.new_session.main_script_path = os.path.basename(msg.new_session.main_script_path)
        return msg
    create._sanwari_guarded = True
    AppSession._create_new_session_message = create
