"""Shared fixtures: real DuckDB files built through the same code paths as the product.

- `demo_db`: the national demo database, built once per test session (read-only use).
- `empty_db`: a fresh `init` database per test.
- `cli`: run `python -m dashboard ...` in a real subprocess.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


def run_cli(*args, check: bool = False, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "dashboard", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"dashboard {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


def summary_json(db: Path, fy: int, scope: str = "national") -> dict:
    result = run_cli("summary", "--db", db, "--fy", fy, "--scope", scope, "--json", check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def cli():
    return run_cli


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The national demo database (same generator as `make run`), built once per session."""
    from dashboard import demo_build
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo_build.build(path)
    return path


@pytest.fixture
def empty_db(tmp_path) -> Path:
    from dashboard import store
    path = tmp_path / "empty.duckdb"
    with store.writer(path, create=True):
        pass
    return path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_configure(config):
    # Server-side state (sessions, throttles, audit anchors) of this test run lives in its own
    # folder, inherited by the CLIs and app servers the tests start, never in data/.
    if not os.environ.get("SANWARI_STATE"):
        import tempfile
        folder = tempfile.mkdtemp(prefix="sanwari-test-state-")
        os.environ["SANWARI_STATE"] = str(Path(folder) / "state.sqlite")
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
    config.addinivalue_line("markers", "stress: the 20-session browser load test (make stress)")
