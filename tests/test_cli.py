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


# ---------------------------------------------------------------- the real entry point
# Everything above runs main() in-process (conftest.run_cli); these start `python -m dashboard`.
def test_the_entry_point_prints_help_and_exits_zero():
    from tests.conftest import run_cli_process
    result = run_cli_process("--help")
    assert result.returncode == 0 and "usage: python -m dashboard" in result.stdout


def test_the_entry_point_prints_the_same_summary_as_main(small_db):
    from tests.conftest import run_cli, run_cli_process
    args = ("summary", "--db", small_db, "--fy", "2026", "--scope", "pref:35", "--json")
    real = run_cli_process(*args, check=True)
    assert real.stdout == run_cli(*args, check=True).stdout
    assert '"baseline_yen": 3500001, "current_yen": 5500000' in real.stdout


def test_the_entry_point_fails_in_one_line_with_status_2(tmp_path):
    from tests.conftest import run_cli_process
    result = run_cli_process("summary", "--db", tmp_path / "nope.duckdb", "--fy", "2026")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
