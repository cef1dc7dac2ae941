"""Static images of Plotly figures through one Chromium (kaleido 1.x), in batches.

Why this shape (../shared/platform-notes.md):
- Starting Chromium costs 3.5-6 s, so one Kaleido server stays up for the whole process and
  every pack renders its charts in one `write_fig_from_object` batch (2 tabs in parallel).
- The server's queue is not safe for concurrent callers (each Streamlit session is a thread),
  so calls are serialised by a lock.
- MathJax is off at the source: `pio.defaults.mathjax = None` alone still makes Kaleido load
  MathJax from a CDN, so the server is started with `mathjax=False`. plotly.js comes from
  the plotly package; map topojson from `pio.defaults.topojson` if the charts set it.
- Without a CJK font every Japanese glyph silently becomes a box, so `can_export()` checks
  for one through fontconfig (what Chromium uses) as well as for the browser.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

DEFAULT_BROWSER = "/usr/bin/chromium"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CJK_FAMILIES = ("Noto Sans CJK JP", "IPAexGothic")
PRINT_SIZE = {"width": 1600, "height": 900, "scale": 2}   # 3200x1800 px PNG
# Slides and handouts: laid out at 1280x720 and scaled 2.5x to the same 3200x1800 px, so the
# chart's 13-px text comes out a quarter larger on the slide (read from the back of the room).
PACK_SIZE = {"width": 1280, "height": 720, "scale": 2.5}
FORMATS = ("png", "svg", "pdf", "jpeg", "webp")

_lock = threading.Lock()
_server_started = False


class ExportUnavailable(RuntimeError):
    """The server cannot render images (no browser or no Japanese font)."""


@dataclass(frozen=True)
class Capability:
    ok: bool
    reason_ja: str = ""
    reason_en: str = ""
    browser: str | None = None
    font: str | None = None

    def __bool__(self) -> bool:
        return self.ok

    @property
    def reason(self) -> str:
        return f"{self.reason_ja} / {self.reason_en}" if not self.ok else ""


def _configure_env() -> None:
    if not os.environ.get("BROWSER_PATH") and Path(DEFAULT_BROWSER).exists():
        os.environ["BROWSER_PATH"] = DEFAULT_BROWSER
    pio.defaults.mathjax = None


def browser_path() -> str | None:
    """The Chromium Kaleido will start: BROWSER_PATH if it exists, else one on PATH."""
    _configure_env()
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    return None


def cjk_font() -> str | None:
    """The family of an installed Japanese font as fontconfig (hence Chromium) sees it."""
    try:
        out = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True,
                             text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = {name.strip() for line in out.splitlines() for name in line.split(",")}
    for wanted in CJK_FAMILIES:
        if wanted in families:
            return wanted
    return sorted(families)[0] if families else None


@lru_cache(maxsize=1)
def _capability() -> Capability:
    browser = browser_path()
    font = cjk_font()
    if browser is None:
        where = os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER
        return Capability(
            False,
            f"サーバーに Chromium がないため画像を書き出せません（{where} が見つかりません）。"
            "管理者が `apt-get install chromium` を実行し BROWSER_PATH を設定してください。"
            "グラフ右上のカメラアイコンからブラウザで PNG を保存することはできます。",
            f"No Chromium on the server ({where} not found): install the Debian package "
            "`chromium` and set BROWSER_PATH. The chart's own camera icon still saves a PNG.",
            None, font)
    if font is None:
        return Capability(
            False,
            "サーバーに日本語フォントがないため、書き出すと日本語が豆腐（□）になります。"
            "管理者が fonts-noto-cjk または fonts-ipaexfont-gothic を導入してください。",
            "No Japanese font on the server (fontconfig lists none for :lang=ja): install "
            "fonts-noto-cjk or fonts-ipaexfont-gothic, or Japanese text renders as boxes.",
            browser, None)
    return Capability(True, browser=browser, font=font)


def can_export(refresh: bool = False) -> Capability:
    """Whether this server can render charts, and if not, what is missing (JA / EN)."""
    if refresh:
        _capability.cache_clear()
    return _capability()


def _ensure_server() -> None:
    global _server_started
    if _server_started:
        return
    import kaleido
    _configure_env()
    kaleido.start_sync_server(n=2, mathjax=False, timeout=120, silence_warnings=True)
    _server_started = True


def _restart_server() -> None:
    global _server_started
    import kaleido
    kaleido.stop_sync_server(silence_warnings=True)
    _server_started = False
    _ensure_server()


def render_many(figs: list[go.Figure | dict], fmt: str = "png", width: int = 1600,
                height: int = 900, scale: float = 2) -> list[bytes]:
    """Render figures in one Kaleido batch; returns the bytes in the same order."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    capability = can_export()
    if not capability:
        raise ExportUnavailable(capability.reason)
    if not figs:
        return []
    import kaleido
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": scale}
    dicts = [f.to_dict() if isinstance(f, go.Figure) else f for f in figs]
    with _lock, tempfile.TemporaryDirectory(prefix="sanwari-render-") as tmp:
        paths = [Path(tmp) / f"{i:03d}.{fmt}" for i in range(len(dicts))]
        specs = [{"fig": d, "path": p, "opts": opts, "topojson": pio.defaults.topojson}
                 for d, p in zip(dicts, paths)]
        for attempt in (1, 2):
            _ensure_server()
            try:
                kaleido.write_fig_from_object_sync(specs, cancel_on_error=True)
                break
            except Exception as exc:   # a crashed browser: restart once, then report
                if attempt == 2:
                    raise ExportUnavailable(
                        f"画像の書き出しに失敗しました / image export failed: {exc}") from exc
                _restart_server()
        return [p.read_bytes() for p in paths]


def render(fig: go.Figure | dict, fmt: str = "png", width: int = 1600, height: int = 900,
           scale: float = 2) -> bytes:
    """One figure (still through the shared browser)."""
    return render_many([fig], fmt, width, height, scale)[0]
