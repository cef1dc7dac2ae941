"""A real app server (`python -m dashboard serve`) on a free port and Debian's Chromium, for the
benchmark runner (app memory), the browser stress test (tests/test_concurrency.py) and the
browser tests (tests/browser_fixtures.py); `child_process` also runs the OIDC provider of
tests/oidc_idp.py."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# The page addresses a session cycles through (open demo: national scope).
ADDRESSES = ["/", "/prefecture?pref=35", "/organization?org=352012", "/factors",
             "/prefecture?pref=13", "/?lang=en&unit=oku"]
# In the page: the app's script run has finished (no running indicator, and the app's own
# test state is not "running").
RUN_FINISHED = """() => !document.querySelector('[data-testid="stStatusWidget"]')
                        && document.querySelector('[data-testid="stApp"]')?.dataset?.teststate !== 'running'"""
ERROR_SELECTOR = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child: be killed when the test process dies (even by SIGKILL or a timeout),
    so that no server is left behind."""
    import ctypes
    import signal
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG


@contextlib.contextmanager
def child_process(args: list[str], ready, grace_s: float = 15, **popen):
    """Yield a started process `args` once `ready(proc)` has returned (it waits until the
    process serves, or raises); the process dies with the test process, and is stopped at
    the end (terminated, killed after `grace_s` seconds)."""
    proc = subprocess.Popen(args, preexec_fn=_die_with_parent, **popen)
    try:
        ready(proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_http(url: str, proc, tries: int = 480) -> None:
    """Until `url` answers (every 0.5 s, `tries` times), or raise if `proc` exits first."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    else:
        raise RuntimeError(f"nothing answered at {url}")
    if proc.poll() is not None:
        raise RuntimeError(f"the server exited with {proc.returncode}")


@contextlib.contextmanager
def app_server(db: Path, env: dict | None = None, prewarm: bool = True, cwd: Path | None = None,
               port: int | None = None, streamlit_args: tuple[str, ...] = ()):
    """Yield (url, process) of a headless server on the database `db`, started the way
    it is deployed (`python -m dashboard serve`: warmed before its port opens), from the
    repository or from another working directory `cwd` (then without its .streamlit/).
    `port`: one chosen beforehand (e.g. named in an OIDC redirect_uri); `streamlit_args`:
    more flags."""
    port = port or free_port()
    home = tempfile.mkdtemp(prefix="sanwari-streamlit-home-")
    url = f"http://127.0.0.1:{port}"
    with child_process(
            [sys.executable, "-m", "dashboard", "serve", f"--port={port}", "--address=127.0.0.1",
             *([] if prewarm else ["--no-prewarm"]), "--", "--server.fileWatcherType=none", *streamlit_args],
            # up to ~4 min: the server warms before it listens
            lambda proc: wait_http(f"{url}/_stcore/health", proc),
            cwd=cwd or ROOT, env={**os.environ, "SANWARI_DB": str(db), "HOME": home, "PYTHONPATH": str(ROOT),
                                  **(env or {})},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        yield url, proc


def rss_mib(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process, in MiB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_ready(page, timeout_ms: int = 120_000) -> None:
    """Until the app's script run has finished and a title is shown."""
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=timeout_ms)
    page.wait_for_function(RUN_FINISHED, timeout=timeout_ms)


def kpi_texts(page) -> list[str]:
    """The label and value of every KPI card (st.metric) on the page."""
    return page.eval_on_selector_all(
        '[data-testid="stMetric"]',
        "els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())")
