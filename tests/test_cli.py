"""The command line explains itself and fails in one line, never with a traceback."""
import pytest

from dashboard.__main__ import COMMANDS


@pytest.mark.parametrize("command", [c.rstrip("_") for c in COMMANDS])
def test_every_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout and len(result.stdout) > 120


def test_summary_on_a_missing_database_is_a_clear_error(cli, tmp_path):
    result = cli("summary", "--db", tmp_path / "nope.duckdb", "--fy", "2026", "--json")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "nope.duckdb" in result.stderr


def test_unknown_scope_is_refused(cli, empty_db):
    result = cli("summary", "--db", empty_db, "--fy", "2026", "--scope", "pref:99")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    result = cli("summary", "--db", empty_db, "--fy", "2026", "--scope", "city:1")
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_init_refuses_to_overwrite(cli, empty_db):
    result = cli("init", "--db", empty_db)
    assert result.returncode != 0 and "--force" in result.stderr


def test_rollback_of_an_unknown_batch_changes_nothing(cli, empty_db):
    before = empty_db.read_bytes()
    result = cli("rollback", "--db", empty_db, "--batch", "42")
    assert result.returncode != 0 and "42" in result.stderr and "Traceback" not in result.stderr
    assert empty_db.read_bytes() == before


def test_empty_database_summary_has_zero_figures(cli, empty_db):
    from conftest import summary_json
    s = summary_json(empty_db, 2026)
    assert s["orgs_in_scope"] == 1788 and s["orgs_reporting"] == 0
    assert s["reduction_rate"] is None and len(s["by_system"]) == 20
