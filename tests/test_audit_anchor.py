"""Finding 7: the audit chain caught only naive edits. Rewriting the chain after an edit,
cutting lines from the end, emptying or deleting the file all passed the check; after the
last 3 lines were deleted the page still said 「改ざん検査 OK」. Each attack here, and the
check reports it, against the anchor kept in the server state (dashboard/state.py).
Also finding 10: account changes went to the demo database's log when SANWARI_DB was unset.
"""
from __future__ import annotations

import hashlib
import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import audit, state
from dashboard.scope import Scope
from tests.conftest import run_cli


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("SANWARI_AUDIT", str(path))
    monkeypatch.setenv("SANWARI_STATE", str(tmp_path / "state.sqlite"))
    for i in range(6):
        audit.record("download", who=f"user{i}", scope=Scope("pref", "35"), target=f"t{i}.csv")
    assert audit.verify() == 6
    return path


def _rechain(lines: list[bytes]) -> bytes:
    """What an attacker with write access to the file does: fix every prev hash."""
    out, prev = [], audit.GENESIS
    for raw in lines:
        entry = json.loads(raw)
        entry["prev"] = prev
        line = json.dumps(entry, ensure_ascii=False).encode()
        out.append(line)
        prev = hashlib.sha256(line).hexdigest()
    return b"\n".join(out) + b"\n"


def test_an_edited_line_is_reported(log):
    lines = log.read_bytes().splitlines()
    lines[2] = lines[2].replace(b"user2", b"userX")
    log.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(audit.AuditTampered, match="line 4"):
        audit.verify()


def test_a_rechained_rewrite_is_reported(log):
    lines = log.read_bytes().splitlines()
    lines[2] = lines[2].replace(b"user2", b"userX")
    log.write_bytes(_rechain(lines))
    with pytest.raises(audit.AuditTampered, match="rewritten"):
        audit.verify()


def test_a_rechained_rewrite_of_only_the_last_line_is_reported(log):
    lines = log.read_bytes().splitlines()
    lines[-1] = lines[-1].replace(b"user5", b"nobody")
    log.write_bytes(_rechain(lines))
    with pytest.raises(audit.AuditTampered, match="rewritten"):
        audit.verify()


def test_cutting_the_last_three_lines_is_reported(log):
    lines = log.read_bytes().splitlines()
    log.write_bytes(b"\n".join(lines[:-3]) + b"\n")
    with pytest.raises(audit.AuditTampered, match="truncated: 3 of 6"):
        audit.verify()


def test_an_emptied_or_deleted_log_is_reported(log):
    log.write_bytes(b"")
    with pytest.raises(audit.AuditTampered, match="truncated: 0 of 6"):
        audit.verify()
    log.unlink()
    with pytest.raises(audit.AuditTampered, match="missing"):
        audit.verify()


def test_a_hand_appended_line_is_reported(log):
    lines = log.read_bytes().splitlines()
    entry = json.loads(lines[-1])
    entry.update(who="ghost", prev=hashlib.sha256(lines[-1]).hexdigest())
    log.write_bytes(log.read_bytes() + json.dumps(entry).encode() + b"\n")
    with pytest.raises(audit.AuditTampered, match="outside the writer"):
        audit.verify()


def test_a_forged_anchor_is_reported(log):
    """Moving the anchor along with a rewrite needs the writer's key."""
    lines = log.read_bytes().splitlines()[:-3]
    log.write_bytes(b"\n".join(lines) + b"\n")
    store = state.current()
    log_id = str(log.resolve())
    _, _, since, mac = store.audit_head(log_id)
    store.set_audit_head(log_id, 3, hashlib.sha256(lines[-1]).hexdigest(), since, mac)
    with pytest.raises(audit.AuditTampered, match="signature"):
        audit.verify()


def test_the_audit_page_no_longer_says_ok_after_a_truncation(log, tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_DB", str(tmp_path / "none.duckdb"))
    lines = log.read_bytes().splitlines()
    log.write_bytes(b"\n".join(lines[:-3]) + b"\n")
    script = ("from dashboard import accounts, session\nfrom dashboard.ui import audit\n"
              "from dashboard.scope import Scope\n"
              "with session.acting_as(accounts.User('nat', 'local', Scope(), True)):\n"
              "    audit.render()\n")
    at = AppTest.from_string(script, default_timeout=60).run()
    assert not at.exception
    assert not any("改ざん検査 OK" in c.value for c in at.caption)
    assert any("truncated" in e.value for e in at.error)


def test_account_changes_never_go_to_the_demo_log(tmp_path):
    users = tmp_path / "users.toml"
    env = {"SANWARI_DB": "", "SANWARI_AUDIT": "", "SANWARI_STATE": str(tmp_path / "state.sqlite")}
    done = run_cli("user", "--users", str(users), "add", "someone@example.jp", "--role", "pref:35",
                   "--oidc", env=env)
    assert done.returncode == 0, done.stderr
    own = tmp_path / "audit" / "users.audit.jsonl"
    assert [e["action"] for e in audit.read(own)] == ["user_add"]
    from tests.conftest import ROOT
    demo_log = ROOT / "data" / "audit" / "demo.audit.jsonl"
    if demo_log.exists():
        assert "someone@example.jp" not in demo_log.read_text(encoding="utf-8")
