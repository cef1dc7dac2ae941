"""Accounts, throttling, the audit chain, scope narrowing, sanitising and hygiene rules."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from dashboard import access, accounts, audit, sanitize
from dashboard.scope import Scope
from tests.conftest import ROOT, run_cli


# ---------------------------------------------------------------- accounts
def test_password_is_stored_only_as_a_salted_argon2id_hash(tmp_path):
    users = tmp_path / "users.toml"
    accounts.add("a", Scope(), password="secret-password-1", path=users)
    accounts.add("b", Scope(), password="secret-password-1", path=users)
    text = users.read_text()
    assert "secret-password-1" not in text
    raw = tomllib.loads(text)["users"]
    assert raw["a"]["password_hash"].startswith("$argon2id$")
    assert raw["a"]["password_hash"] != raw["b"]["password_hash"]      # salted
    assert oct(users.stat().st_mode)[-3:] == "600"
    assert accounts.verify("A", "secret-password-1", users).name == "a"   # names ignore case
    assert accounts.verify("a", "secret-password-2", users) is None


def test_repeated_failures_back_off_exponentially(tmp_path):
    """The README's rule: after 2 wrong passwords (same account, same client) the next attempt
    waits 2 s, then 4, 8 … (finding 9: README and code agree)."""
    users = tmp_path / "users.toml"
    accounts.add("a", Scope("pref", "35"), password="secret-password-1", path=users)
    t = 1_000_000.0
    assert accounts.verify("a", "x", users, now=t, client="c1") is None
    assert accounts.verify("a", "x", users, now=t, client="c1") is None          # 2 wrong
    with pytest.raises(accounts.Throttled) as exc:
        accounts.verify("a", "secret-password-1", users, now=t + 1, client="c1")  # right, but wait
    assert exc.value.seconds == 1
    assert accounts.verify("a", "x", users, now=t + 2, client="c1") is None      # 3rd: then 4 s
    with pytest.raises(accounts.Throttled):
        accounts.verify("a", "secret-password-1", users, now=t + 5, client="c1")
    assert accounts.verify("a", "secret-password-1", users, now=t + 6, client="c1").name == "a"
    assert [accounts.lock_seconds(n) for n in range(1, 7)] == [0, 2, 4, 8, 16, 32]
    assert accounts.lock_seconds(100) == 15 * 60


def test_unknown_names_are_throttled_like_real_ones(tmp_path):
    users = tmp_path / "users.toml"
    accounts.add("a", Scope(), password="secret-password-1", path=users)
    for _ in range(2):
        assert accounts.verify("nobody", "x", users, now=10.0, client="c2") is None
    with pytest.raises(accounts.Throttled):
        accounts.verify("nobody", "x", users, now=10.5, client="c2")


def test_oidc_identity_cannot_sign_in_with_a_password(tmp_path):
    users = tmp_path / "users.toml"
    accounts.add("someone@example.jp", Scope("org", "232033"), path=users)
    assert accounts.verify("someone@example.jp", "", users) is None
    assert accounts.get("SomeOne@Example.JP", users).role == Scope("org", "232033")


def test_user_command_never_echoes_the_password(tmp_path):
    env = {"SANWARI_USERS": str(tmp_path / "u.toml"), "SANWARI_AUDIT": str(tmp_path / "a.jsonl")}
    secret = "do-not-print-me-42"
    r = subprocess.run([sys.executable, "-m", "dashboard", "user", "add", "yamaguchi", "--role",
                        "pref:35", "--may-import", "--password-stdin"], input=secret + "\n",
                       capture_output=True, text=True, cwd=ROOT, env={**__import__("os").environ, **env})
    assert r.returncode == 0, r.stderr
    listing = run_cli("user", "list", env=env)
    assert "yamaguchi\tpref:35\t山口県\timport\tlocal" in listing.stdout
    everything = r.stdout + r.stderr + listing.stdout + listing.stderr + \
        (tmp_path / "a.jsonl").read_text() + (tmp_path / "u.toml").read_text()
    assert secret not in everything
    assert run_cli("user", "add", "x", "--role", "pref:99", "--oidc", env=env).returncode == 2
    assert run_cli("user", "remove", "yamaguchi", env=env).returncode == 0
    assert "no accounts" in run_cli("user", "list", env=env).stdout


# ---------------------------------------------------------------- scope
def test_narrowing_and_url_parameters():
    pref = accounts.User("y", "cli", Scope("pref", "35"))
    org = accounts.User("i", "cli", Scope("org", "232033"))
    assert access.requested_scope(pref) == Scope("pref", "35")
    assert access.requested_scope(pref, org="352012") == Scope("org", "352012")
    assert access.requested_scope(pref, pref="35") == Scope("pref", "35")
    for bad in ({"pref": "13"}, {"org": "232033"}, {"org": "999999"}, {"pref": "x"},
                {"org": "35201"}):
        with pytest.raises(access.OutOfScope):
            access.requested_scope(pref, **bad)
    with pytest.raises(access.OutOfScope):
        access.check(pref, Scope())
    assert set(access.orgs_in_scope(pref)["pref_code"]) == {"35"}
    assert access.visible_pages(pref) == ["prefecture", "organization", "factors", "scenarios", "cloud",
                                          "estimate", "export"]
    with pytest.raises(access.ImportNotAllowed):
        access.import_scope(pref)
    with pytest.raises(access.OutOfScope):
        access.requested_scope(org, org="232017")           # 名古屋市, same prefecture
    assert list(access.orgs_in_scope(org)["org_code"]) == ["232033"]
    # nobody signed in: nothing at all
    with pytest.raises(access.NotSignedIn):
        access.requested_scope(None)
    assert access.visible_pages(None) == []
    # the command-line operator: national
    assert access.check(accounts.OPERATOR, Scope("pref", "13")) == Scope("pref", "13")


# ---------------------------------------------------------------- audit
def test_audit_log_is_append_only_and_tamper_evident(tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    audit.record("export", who="y", scope=Scope("pref", "35"), target="pack.pptx",
                 detail={"format": "pptx"})
    audit.record("download", who="y", scope=Scope("pref", "35"), target="table.csv")
    audit.record("import", who="nat", scope=Scope(), target="costs.xlsx")
    assert audit.verify() == 3
    entries = audit.read()
    assert [e["action"] for e in entries] == ["export", "download", "import"]
    assert entries[0]["scope"] == "pref:35" and entries[0]["target"] == "pack.pptx"
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    lines[1] = lines[1].replace("table.csv", "other.csv")
    (tmp_path / "audit.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(audit.AuditTampered, match="line 3"):
        audit.verify()
    with pytest.raises(ValueError):
        audit.record("delete-everything", who="x", scope="-")


# ---------------------------------------------------------------- sanitising
NASTY = ["=HYPERLINK(\"http://x\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "ok", "下関市"]


def test_csv_cells_starting_a_formula_are_neutralised():
    frame = pd.DataFrame({"note": NASTY, "amount_yen": [-5, 1, 2, 3, 4, 5, 6]})
    back = pd.read_csv(__import__("io").BytesIO(sanitize.csv_bytes(frame)), dtype=str,
                       encoding="utf-8-sig")
    assert list(back["note"]) == ["'" + v for v in NASTY[:5]] + ["ok", "下関市"]
    assert back["amount_yen"].iloc[0] == "-5"           # numbers stay numbers


def test_xlsx_cells_are_written_as_text_never_formulas(tmp_path):
    wb = Workbook()
    ws = wb.active
    for i, v in enumerate(NASTY, start=1):
        sanitize.xlsx_cell(ws.cell(row=i, column=1), v)
    sanitize.xlsx_cell(ws.cell(row=1, column=2), -1234)
    wb.save(tmp_path / "x.xlsx")
    back = load_workbook(tmp_path / "x.xlsx").active
    assert all(back.cell(row=i, column=1).data_type == "s" for i in range(1, len(NASTY) + 1))
    assert back.cell(row=1, column=1).value == "'" + NASTY[0]
    assert back.cell(row=1, column=2).value == -1234


# ---------------------------------------------------------------- hygiene
def _calls(name: str):
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path, node


def _literal_constants(path) -> set[str]:
    """Module-level names bound once, to a string literal (e.g. a fixed <style> block)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound = [n for n in tree.body if isinstance(n, ast.Assign) and len(n.targets) == 1
             and isinstance(n.targets[0], ast.Name)]
    names = [n.targets[0].id for n in bound]
    return {n.targets[0].id for n in bound if isinstance(n.value, ast.Constant)
            and isinstance(n.value.value, str) and names.count(n.targets[0].id) == 1}


def test_no_unsafe_html_with_data():
    """unsafe_allow_html / st.html only with a literal string (never data, never an f-string)."""
    for path, call in _calls("unsafe"):
        func = call.func.attr if isinstance(call.func, ast.Attribute) else \
            getattr(call.func, "id", "")
        unsafe = any(k.arg == "unsafe_allow_html" and not (
            isinstance(k.value, ast.Constant) and k.value.value is False) for k in call.keywords)
        if unsafe or func == "html":
            arg = call.args[0] if call.args else None
            literal = isinstance(arg, ast.Constant) or (
                isinstance(arg, ast.Name) and arg.id in _literal_constants(path))
            assert literal, f"{path.name}:{call.lineno}: HTML built from data"


def test_streamlit_config_keeps_xsrf_and_limits_uploads():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server = config.get("server", {})
    assert server.get("enableXsrfProtection", True) is True
    assert 0 < server["maxUploadSize"] <= 200
    assert config.get("client", {}).get("showErrorDetails") in ("none", False)


def test_secrets_and_accounts_are_never_in_the_repository():
    ignored = subprocess.run(["git", "check-ignore", ".streamlit/secrets.toml", "data/users.toml",
                              "data/users.attempts.json", "data/audit/demo.audit.jsonl",
                              "data/users.state.sqlite", "data/users.state.audit.key"],
                             cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert len(ignored) == 6, ignored
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    assert not [f for f in tracked if f.endswith(("secrets.toml", "users.toml", ".jsonl"))]
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("info", "debug", "warning", "error", "exception", "print") \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in ("logging", "log", "logger", "_LOGGER"):
                text = ast.unparse(node).lower()
                assert "password" not in text and "secret" not in text and "token" not in text, \
                    f"{path.name}:{node.lineno} may log a secret"
