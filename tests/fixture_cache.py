"""Fixture databases built once and kept on disk, keyed by a hash of what builds them.

A fixture database (the national demo, the three-prefecture access subset …) takes from a
few seconds to minutes to build on a loaded 2-core machine, and most test sessions need the
same ones. `cached(name, build, *params)` returns the path of a database made by
`build(path)`, building it only when no file exists for the current hash of the code and
data that build it (dashboard/, queries/, data/reference/, tests/*fixture*.py,
requirements.txt) and of `params`. Any change there makes a new key, so a stale database is
never used. Tests get a private copy (`copy_of`), so a test that writes cannot spoil the
cache. The cache lives in SANWARI_TEST_CACHE (default .cache/test-db/, gitignored); delete
it to force a rebuild.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import shutil
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("SANWARI_TEST_CACHE") or ROOT / ".cache" / "test-db")
KEEP = 12            # newest files kept; older keys are removed


@functools.lru_cache(maxsize=1)
def code_hash() -> str:
    digest = hashlib.sha256()
    files = [*sorted((ROOT / "dashboard").rglob("*.py")), *sorted((ROOT / "queries").rglob("*.sql")),
             *sorted((ROOT / "data" / "reference").rglob("*")), *sorted((ROOT / "tests").glob("*fixture*.py")),
             ROOT / "requirements.txt"]
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(name: str, build: Callable[[Path], object], *params) -> Path:
    key = hashlib.sha256(f"{code_hash()} {params!r}".encode()).hexdigest()[:20]
    target = CACHE / f"{name}-{key}.duckdb"
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)          # another session may be building the same
        if not target.exists():
            tmp = CACHE / f"{name}-{key}.tmp-{os.getpid()}.duckdb"
            try:
                build(tmp)
                os.replace(tmp, target)
            finally:
                for leftover in CACHE.glob(f"{tmp.name}*"):
                    leftover.unlink(missing_ok=True)
            _prune()
    return target


def copy_of(name: str, build: Callable[[Path], object], dest: Path, *params) -> Path:
    """A private copy of the cached database at `dest`."""
    shutil.copyfile(cached(name, build, *params), dest)
    return dest


def _prune() -> None:
    files = sorted(CACHE.glob("*.duckdb"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
