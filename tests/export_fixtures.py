"""Fixtures for the export tests: packs built once per module from the demo database.

Expected values in the tests are recomputed from `summary --json` (a separate process)
or by hand, never taken from the export code.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "artifacts" / "exports"
PREF = "pref:35"                       # 山口県
ORG = "org:352012"                     # 下関市 (a 中核市 in 山口県)
FY = 2026
PREF_CHARTS = ("trajectory", "by_system", "waterfall")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def summary(db: Path, scope: str, fy: int = FY) -> dict:
    out = cli("summary", "--db", db, "--fy", fy, "--scope", scope, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def export(db: Path, scope: str, fmt: str, charts: tuple[str, ...] | None = None,
           fy: int = FY) -> Path:
    """Run the real command and return the written file."""
    EXPORTS.mkdir(parents=True, exist_ok=True)
    args = ["export", "--db", db, "--scope", scope, "--fy", fy, "--format", fmt, "--out", EXPORTS, "--quiet"]
    if charts:
        args += ["--charts", ",".join(charts)]
    out = cli(*args)
    assert out.returncode == 0, out.stderr
    written = Path(out.stdout.split("wrote ", 1)[1].split(" (", 1)[0])
    assert written.is_file()
    return written if written.is_absolute() else ROOT / written


def nfkc(text: str) -> str:
    """Chromium/poppler text may hold compatibility ideographs (用 → U+2F64)."""
    return unicodedata.normalize("NFKC", text)


def png_size(data: bytes) -> tuple[int, int]:
    from PIL import Image
    with Image.open(io.BytesIO(data)) as im:
        return im.size


def oku(yen: int) -> str:
    return f"{abs(yen) / 100_000_000:,.1f}億円"


@pytest.fixture(scope="module")
def catalog_specs(demo_db):
    """The catalog's charts for the prefecture scope (titles and readings to look for)."""
    from dashboard import store
    from dashboard import catalog
    from dashboard.scope import Scope
    with store.reader(demo_db) as con:
        return catalog.chart_specs(con, Scope.parse(PREF), FY, keys=list(PREF_CHARTS))
