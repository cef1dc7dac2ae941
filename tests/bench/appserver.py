"""A real app server (`python -m dashboard serve`) and Debian's Chromium, for the benchmark runner
(app memory) and the browser stress test (tests/test_concurrency.py)."""
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
def app_server(db: Path, env: dict | None = None, prewarm: bool = True, cwd: Path | None = None,
               port: int | None = None, streamlit_args: tuple[str, ...] = ()):
    """Yield (url, process) of a headless server on the database `db`, started the way
    it is deployed (`python -m dashboard serve`: warmed before its port opens), from the
    repository or from another working directory `cwd` (then without its .streamlit/).
    `port`: one chosen beforehand (e.g. named in an OIDC redirect_uri); `streamlit_args`:
    more flags."""
    port = port or free_port()
    home = tempfile.mkdtemp(prefix="sanwari-streamlit-home-")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", f"--port={port}", "--address=127.0.0.1",
         *([] if prewarm else ["--no-prewarm"]), "--", "--server.fileWatcherType=none", *streamlit_args],
        cwd=cwd or ROOT, env={**os.environ, "SANWARI_DB": str(db), "HOME": home, "PYTHONPATH": str(ROOT),
                              **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(480):            # up to ~4 min: the server warms before it listens
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            raise RuntimeError("streamlit did not start")
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


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
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && document.querySelector('[data-testid="stApp"]')?.dataset?.teststate !== 'running'""",
        timeout=timeout_ms)


def kpi_texts(page) -> list[str]:
    """The label and value of every KPI card (st.metric) on the page."""
    return page.eval_on_selector_all(
        '[data-testid="stMetric"]',
        "els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())")
