"""Many sessions at once, measured from the server's side: raw Streamlit websocket clients.

A browser spends most of a page view drawing; this measures only what the server does.
Each client opens /_stcore/stream the way the Streamlit front end does (subprotocol
"streamlit", protobuf BackMsg/ForwardMsg), waits until every client is connected, then all
ask for the same page at the same moment (a rerun_script BackMsg). The time of a session is
from that request until its script_finished message. An error is a session whose run shows
an exception or an error alert, ends other than successfully, or does not end in time.

    .venv/bin/python tests/bench/wsload.py --url http://127.0.0.1:8501 --sessions 20
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


@dataclass
class Result:
    seconds: float | None = None
    error: str | None = None
    bytes_in: int = 0
    texts: list[str] = field(default_factory=list)


def _rerun(page: str, query: str) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_name = page
    state.context_info.timezone = "Asia/Tokyo"
    state.context_info.locale = "ja-JP"
    return msg.SerializeToString()


def _inspect(fwd: ForwardMsg, result: Result) -> None:
    """Record errors (exception elements, error alerts) and headings of one delta."""
    if fwd.WhichOneof("type") != "delta":
        return
    delta = fwd.delta
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        result.error = result.error or f"exception: {element.exception.message[:200]}"
    elif kind == "alert" and element.alert.format == 1:      # Alert.ERROR
        result.error = result.error or f"error alert: {element.alert.body[:200]}"
    elif kind == "heading":
        result.texts.append(element.heading.body)


async def _session(url: str, page: str, query: str, start: asyncio.Event, ready: list,
                   result: Result, timeout: float, cookie: str | None,
                   release: asyncio.Event | None = None) -> None:
    ws_url = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else None
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                      additional_headers=headers, open_timeout=timeout) as ws:
            ready.append(1)
            await start.wait()
            started = time.perf_counter()
            await ws.send(_rerun(page, query))
            deadline = started + timeout
            while True:
                raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.perf_counter()))
                result.bytes_in += len(raw)
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                _inspect(fwd, result)
                if fwd.WhichOneof("type") == "script_finished":
                    status = fwd.script_finished
                    if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    result.seconds = time.perf_counter() - started
                    if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                        result.error = result.error or f"script finished with status {status}"
                    if release is not None:      # keep the session open until measured
                        await release.wait()
                    return
    except (asyncio.TimeoutError, TimeoutError):
        result.error = result.error or f"no script_finished within {timeout:.0f} s"
    except Exception as exc:   # a refused or dropped connection is an error of that session
        result.error = result.error or f"{type(exc).__name__}: {exc}"


async def _run(url: str, sessions: int, page: str, query: str, timeout: float,
               cookie: str | None, while_open=None) -> list[Result]:
    start, ready = asyncio.Event(), []
    release = asyncio.Event() if while_open else None
    results = [Result() for _ in range(sessions)]
    tasks = [asyncio.create_task(_session(url, page, query, start, ready, r, timeout, cookie, release))
             for r in results]
    for _ in range(int(timeout * 10)):
        if len(ready) + sum(r.error is not None for r in results) >= sessions:
            break
        await asyncio.sleep(0.1)
    start.set()
    if while_open:
        for _ in range(int(timeout * 10)):
            if all(r.seconds is not None or r.error for r in results):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)             # let the server settle (buffers, GC)
        while_open()
        release.set()
    await asyncio.gather(*tasks)
    return results


def burst(url: str, sessions: int, page: str = "", query: str = "", timeout: float = 120.0,
          cookie: str | None = None, while_open=None) -> list[Result]:
    """`sessions` clients ask for one page at the same moment; one Result each.
    With `while_open`, it is called once every run has finished, before any session
    disconnects (to measure the server holding them all)."""
    return asyncio.run(_run(url, sessions, page, query, timeout, cookie, while_open))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summarise(results: list[Result]) -> dict:
    times = [r.seconds for r in results if r.seconds is not None and r.error is None]
    errors = [r.error for r in results if r.error]
    return {"sessions": len(results), "errors": len(errors), "first_error": errors[0] if errors else None,
            "median_s": statistics.median(times) if times else None,
            "p95_s": pct(times, 0.95) if times else None, "max_s": max(times) if times else None,
            "kib_per_session": statistics.median(r.bytes_in for r in results) / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--page", default="", help="url path of the page ('' = national overview)")
    ap.add_argument("--query", default="")
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    s = summarise(burst(args.url, args.sessions, args.page, args.query, args.timeout))
    print(s)


if __name__ == "__main__":
    main()
