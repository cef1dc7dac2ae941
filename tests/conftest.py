"""Shared fixtures: real DuckDB files built through the same code paths as the product.

- `demo_db`: the national demo database, cached on disk across sessions (read-only use).
- `small_db`: the small fixture worked out by hand (tests/small_fixture.py).
- `empty_db`: a fresh `init` database per test.
- `cli` / `run_cli`: run `python -m dashboard ...` in this process (the same `main()` the
  entry point calls, with its own stdin/stdout/stderr and environment): a subprocess per
  call would cost a second of start-up and prove nothing more. `run_cli_process` starts
  the real entry point; tests/test_cli.py keeps a few of those.
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
OWN_STATE = "SANWARI_TEST_OWN_STATE"      # the state file this conftest chose (not the user)


def run_cli_process(*args, check: bool = False, env: dict | None = None,
                    input: str | None = None) -> subprocess.CompletedProcess:
    """`python -m dashboard ARGS` in a real subprocess (the entry point itself)."""
    result = subprocess.run([sys.executable, "-m", "dashboard", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, **(env or {})},
                            input=input)
    if check and result.returncode != 0:
        raise AssertionError(f"dashboard {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_cli(*args, check: bool = False, env: dict | None = None,
            input: str | None = None) -> subprocess.CompletedProcess:
    """`python -m dashboard ARGS` in this process: dashboard.__main__.main(ARGS) with its own
    stdin, stdout, stderr (text and bytes) and environment variables; an unexpected exception
    becomes exit status 1 with its traceback on stderr, as the interpreter would print it."""
    import contextlib
    import io
    import traceback

    from dashboard.__main__ import main
    argv = [str(a) for a in args]
    out, err = io.TextIOWrapper(io.BytesIO(), "utf-8"), io.TextIOWrapper(io.BytesIO(), "utf-8")
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode()), "utf-8")
    saved_env = {k: os.environ.get(k) for k in (env or {})}
    saved_stdin = sys.stdin
    os.environ.update({k: str(v) for k, v in (env or {}).items()})
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:        # argparse: --help, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:                # noqa: BLE001 - what a crashed process would show
                traceback.print_exc()
                code = 1
    finally:
        sys.stdin = saved_stdin
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))
    result = subprocess.CompletedProcess(["dashboard", *argv], code or 0, texts[0], texts[1])
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
    """The national demo database (same generator as `make run`): built once for the current
    code and kept on disk (tests/fixture_cache.py); each session reads its own copy."""
    from dashboard import demo_build
    from tests import fixture_cache
    return fixture_cache.copy_of("demo", demo_build.build,
                                 tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture(scope="session")
def small_db(tmp_path_factory) -> Path:
    """The small fixture worked out by hand (tests/small_fixture.py), once per session."""
    from tests import small_fixture
    return small_fixture.small(tmp_path_factory.mktemp("small") / "small.duckdb")


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
    # Under pytest-xdist each worker makes its own: workers inherit the controller's
    # environment, and one worker's wrong passwords must not throttle another's sign-ins.
    if not os.environ.get("SANWARI_STATE") or os.environ.get("SANWARI_STATE") == os.environ.get(OWN_STATE):
        import tempfile
        folder = tempfile.mkdtemp(prefix="sanwari-test-state-")
        os.environ["SANWARI_STATE"] = os.environ[OWN_STATE] = str(Path(folder) / "state.sqlite")
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")
    config.addinivalue_line("markers", "stress: the 20-session browser load test (make stress)")
    config.addinivalue_line("markers", "replicas: two replicas behind nginx, 40 browser sessions "
                                       "(make stress-replicas)")
    # Keyboard focus and the reruns a key starts lag on a loaded machine: beside other
    # workers the tab walk missed focus rings, so these run after the rest, by themselves.
    config.addinivalue_line("markers", "alone: keyboard-driven browser tests; `make test` runs them "
                                       "after the others, with nothing beside them")


def pytest_collection_modifyitems(config, items):
    # Modules that drive Chromium first: they are the longest, so under `make test` (pytest-xdist,
    # a whole module per worker) they start at once and the short modules fill the gaps after
    # them, instead of one browser module starting last and running alone. Modules stay whole
    # and keep their own order. (Splitting the axe audit's roles across workers was slower on
    # the 2 cores: each part started its own app servers.)
    has_browser = {item.module.__name__ for item in items if item.get_closest_marker("browser")}
    items.sort(key=lambda item: item.module.__name__ not in has_browser)   # a stable sort
