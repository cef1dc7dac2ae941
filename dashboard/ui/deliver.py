"""Every file the app hands out (download buttons) leaves the server once, to the signed-in
user of the session that asked for it, and is audited as that user.

    from dashboard.ui import deliver
    deliver.button(st, "CSV", lambda: data, file_name="x.csv", mime="text/csv", key="dl_x")

A button's file is made only when it is clicked (Streamlit's deferred download: a callable as
`data`). Behind the guard of dashboard/ui/web.py the click does not go to Streamlit's public
`/media/<id>` store: `mint` checks that the session's sign-in is still live, makes the file,
keeps it in the server state (dashboard/state.py, shared by replicas) under a random
single-use token bound to the browser's HttpOnly cookie, valid for SANWARI_DOWNLOAD_SECONDS
(60), and hands the browser `/media/download/<token>`. `serve` answers that address once, to
that browser only, and writes the audit line as the user the file was made for. Any other
fetch (no cookie, another browser, a second fetch, too late) gets 403.

Without the guard (AppTest, a bare `streamlit run app.py`) Streamlit serves the file itself
and the callable writes the audit line.
"""
from __future__ import annotations

import asyncio
import os
from urllib.parse import quote

import streamlit as st

from dashboard import audit

PREFIX = "/media/download/"


def ttl_seconds() -> float:
    return float(os.environ.get("SANWARI_DOWNLOAD_SECONDS", "60"))


class Deliverable:
    """A download button's file maker, with who asked for it (resolved on the server when the
    button was drawn) and the server-side sign-in record it must still belong to."""

    def __init__(self, make, file_name: str, mime: str, who: str, scope: str | None,
                 record: str | None):
        self.make, self.file_name, self.mime = make, file_name, mime
        self.who, self.scope, self.record = who, scope, record

    def data(self) -> bytes:
        data = self.make()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)

    def __call__(self) -> bytes:
        """Streamlit's own deferred handler (no guard in front): make, and audit here."""
        data = self.data()
        _audit(self.who, self.scope, self.file_name, self.mime, len(data))
        return data


def button(target, label: str, make, *, file_name: str, mime: str, key: str, **kwargs) -> None:
    """st.download_button (on `target`: st or a column) whose file is made on click and
    delivered only as described above. No rerun on click."""
    from dashboard import auth, session
    try:
        user = session.current_user()
    except Exception:  # noqa: BLE001 - no database to ask (a bare test page): anonymous
        user = None
    record = (st.session_state.get(auth.SESSION) or {}).get("token") if user and user.source == "local" else None
    item = Deliverable(make, file_name, mime, user.id if user else "anonymous",
                       str(user.scope) if user else None, record)
    target.download_button(label, data=item, file_name=file_name, mime=mime, key=key,
                           on_click="ignore", **kwargs)


def mint(item: Deliverable, browser_token: str) -> str:
    """Make the file for a click and return its one-time address (runs in a worker thread).
    A local account's sign-in must still be live and the same account (signed out, expired,
    password or role changed: refused)."""
    from dashboard import auth, state
    store = state.current()
    if item.record is not None:
        live = store.session(item.record, auth.IDLE_SECONDS, auth.MAX_SECONDS)
        if live is None or live.account != item.who:
            raise PermissionError("the sign-in this download was offered to has ended")
    data = item.data()
    # kept under the account's name: ending its sessions (password, role, removal) drops it too
    token = store.put_download(browser_token, item.who, item.file_name, item.mime, data, ttl=ttl_seconds())
    return PREFIX + token


def _scope_of(who: str) -> str | None:
    """The audit line's scope: the account's role (the open demo's anonymous user: national)."""
    from dashboard import accounts
    if who == accounts.DEMO_USER.id:
        return str(accounts.DEMO_USER.scope)
    account = accounts.get(who)
    return str(account.role) if account else None


def _audit(who: str, scope: str | None, file_name: str, mime: str, size: int) -> None:
    try:
        audit.record("download", who=who, scope=scope or None, target=file_name,
                     detail={"mime": mime, "bytes": size})
    except Exception:  # noqa: BLE001 - a failed audit write must not block the download
        pass


def _header(headers, name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


async def serve(scope, send, token: str, browser_token: str | None, plain) -> None:
    """Answer `/media/download/<token>`: the file once, to the browser it was made for.

    Streamlit's button also checks the address with a script `fetch()` just before the
    download itself; that check (a browser request that is not a navigation) gets 204 and
    no file, so only the download proper uses the token."""
    headers = scope.get("headers", [])
    mode = _header(headers, b"sec-fetch-mode")
    if scope.get("method") == "HEAD" or (mode is not None and mode != "navigate"):
        return await plain(send, 204, b"")
    if scope.get("method") != "GET" or not browser_token:
        return await plain(send, 403, b"forbidden")
    from dashboard import state
    got = await asyncio.to_thread(state.current().take_download, token, browser_token)
    if got is None:
        return await plain(send, 403, b"forbidden")
    owner_scope = await asyncio.to_thread(_scope_of, got.account)
    await asyncio.to_thread(_audit, got.account, owner_scope, got.file_name, got.mime, len(got.data))
    from dashboard.ui.web import HEADERS
    disposition = f"attachment; filename*=utf-8''{quote(got.file_name, safe='')}"
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", got.mime.encode("latin-1")), (b"content-length", str(len(got.data)).encode()),
        (b"content-disposition", disposition.encode("latin-1")), (b"cache-control", b"no-store"),
        *HEADERS]})
    await send({"type": "http.response.body", "body": got.data})


def install() -> None:
    """Behind the guard (dashboard/ui/asgi.py): a download button's click (Streamlit's deferred
    download) runs only for the session that owns the button, asked from that session's own
    browser (Streamlit 1.67 ran any session's), and is answered with a one-time address
    (`mint`) instead of a file in Streamlit's public media store; the guard sends
    `/media/download/<token>` to `serve`."""
    from streamlit import runtime
    from streamlit.proto.ForwardMsg_pb2 import BackendOperationResponse, DeferredFileResponsePayload
    from streamlit.runtime import backend_operation_handler as ops

    from dashboard.ui import web
    web.SERVE_DOWNLOAD = serve
    handler = ops.DeferredFileHandler
    if getattr(handler, "_sanwari_guarded", False):
        return

    async def handle(self, request, session_id):
        file_id = request.deferred_file.file_id
        rt = runtime.get_instance()
        client = rt.get_client(session_id)
        cookies = getattr(getattr(client, "client_context", None), "cookies", None) or {}
        token = cookies.get(web.COOKIE)
        mgr = rt.media_file_mgr
        with mgr._lock:
            entry = mgr._deferred_callables.get(file_id)
        if entry is None or entry.get("session_id") != session_id or not web.bound_to(session_id, token):
            raise PermissionError("deferred download of another session")
        if not isinstance(entry["callable"], Deliverable):
            raise PermissionError("a download not made through dashboard.ui.deliver")
        try:
            url = await asyncio.to_thread(mint, entry["callable"], token)
        except PermissionError:
            return BackendOperationResponse(request_id=request.request_id, error_msg=(
                "ログインが終了しています。もう一度ログインしてください。 / Your sign-in has ended; please sign in again."))
        except Exception:  # noqa: BLE001 - logged; the button says it failed (no details to the client)
            ops._LOGGER.exception("download %s could not be made", file_id)
            return BackendOperationResponse(request_id=request.request_id, error_msg=(
                "ファイルを作成できませんでした。 / The file could not be made."))
        return BackendOperationResponse(request_id=request.request_id,
                                        deferred_file=DeferredFileResponsePayload(url=url))

    handler.handle = handle
    handler._sanwari_guarded = True
