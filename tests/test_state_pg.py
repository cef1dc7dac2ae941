"""The server state in PostgreSQL (SANWARI_STATE_URL), as replicas on several hosts share it.

A throwaway PostgreSQL cluster from Debian's postgresql package (initdb, pg_ctl; run as the
postgres user when the tests run as root) on a Unix socket. Two PostgresState objects stand
for two replicas: what one writes, the other reads; concurrent failures from both are all
counted; the audit chain written by two processes at once verifies.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from tests.bench.appserver import free_port
from tests.concurrency_fixtures import ROOT

BINDIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def _as_postgres(*cmd: str) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pg_url():
    pytest.importorskip("psycopg")
    if not BINDIRS:
        pytest.skip("Debian's postgresql is not installed")
    bindir = Path(BINDIRS[-1])
    home = Path(tempfile.mkdtemp(prefix="sanwari-pg-"))       # outside pytest's 0700 tmp
    data, sock = home / "data", home / "sock"
    sock.mkdir()
    if os.getuid() == 0:
        shutil.chown(home, "postgres")
        shutil.chown(sock, "postgres")
    r = _as_postgres(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "sanwari",
                     "-E", "UTF8", "--no-sync")
    assert r.returncode == 0, r.stderr
    port = free_port()
    r = _as_postgres(str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(home / "log"),
                     "-o", f"-p {port} -k {sock} -c listen_addresses='' -c fsync=off", "start")
    assert r.returncode == 0, r.stderr + (home / "log").read_text()
    try:
        yield f"postgresql://sanwari@/postgres?host={sock}&port={port}"
    finally:
        _as_postgres(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


def test_what_one_replica_writes_the_other_reads(pg_url):
    from dashboard.state_pg import PostgresState
    now = [1000.0]
    a, b = PostgresState(pg_url, clock=lambda: now[0]), PostgresState(pg_url, clock=lambda: now[0])
    token = a.create_session("tanaka", "local")
    seen = b.session(token, idle=60, total=3600)
    assert (seen.account, seen.source) == ("tanaka", "local")
    now[0] += 61                                  # idle too long: ended, on either replica
    assert a.session(token, idle=60, total=3600) is None
    assert b.session(token, idle=60, total=3600) is None
    t2 = b.create_session("tanaka", "local")
    assert a.end_account_sessions("tanaka") == 1 and b.session(t2, 60, 3600) is None
    # throttling: failures on A count on B
    for _ in range(3):
        assert a.attempt({"acct:suzuki": lambda n: 2 ** max(n - 2, 0) if n > 2 else 0}) == 0
    failures, until = b.throttle("acct:suzuki")
    assert failures == 3 and until == now[0] + 2
    assert b.attempt({"acct:suzuki": lambda n: 0}) == 2       # B makes the client wait
    b.fail("client:x", lambda n: 5, now=now[0])               # counted after a check, on B
    assert a.throttle("client:x") == (1, now[0] + 5)
    b.clear_throttle("acct:suzuki")
    assert a.throttle("acct:suzuki") == (0, 0.0)
    # a download is handed out once, to the session that asked for it
    sess = a.create_session("sato", "local")
    dl = a.put_download(sess, "sato", "x.csv", "text/csv", b"1,2\n")
    assert b.take_download(dl, "another-session") is None
    got = b.take_download(dl, sess)             # (the stranger's attempt did not spend it)
    assert got.data == b"1,2\n" and b.take_download(dl, sess) is None
    # the anchor key is one for all replicas
    assert a.secret("audit") == b.secret("audit") and len(a.secret("audit")) == 32


def test_concurrent_failures_from_two_replicas_are_all_counted(pg_url):
    from dashboard.state_pg import PostgresState
    replicas = [PostgresState(pg_url), PostgresState(pg_url)]

    def hammer(store) -> None:
        for _ in range(25):
            assert store.attempt({"acct:race": lambda n: 0}, now=0.0) == 0

    threads = [threading.Thread(target=hammer, args=(r,)) for r in replicas for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert replicas[0].throttle("acct:race")[0] == 100      # 4 writers × 25, none lost


WRITER = r"""
import sys
from dashboard import audit
for i in range(int(sys.argv[1])):
    audit.record("login", who=f"{sys.argv[2]}-{i}", scope="national")
"""


def test_audit_chain_from_two_processes_verifies(pg_url, tmp_path):
    env = {**os.environ, "SANWARI_STATE_URL": pg_url, "SANWARI_AUDIT": str(tmp_path / "audit.jsonl"),
           "SANWARI_USERS": str(tmp_path / "users.toml")}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, "40", name], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    check = "from dashboard import audit; print(audit.verify())"
    r = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "80"
    assert not list(tmp_path.glob("*.sqlite")), "the PostgreSQL store was not the one used"
    # tampering is still caught: drop one line in the middle
    lines = (tmp_path / "audit.jsonl").read_text().splitlines(keepends=True)
    (tmp_path / "audit.jsonl").write_text("".join(lines[:10] + lines[11:]))
    r = subprocess.run([sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode != 0
