"""Subcommands of `python -m dashboard`. Shared argument helpers live here.

Each command is a module with `register(subparsers)` and `run(args) -> int`. Its working
modules (store, queries, ingest, export …) are imported inside `run()`, not at the top:
building the parser for `--help` must not load pandas, DuckDB or Plotly (a second of
start-up on a shared machine, for every call). tests/test_layers.py checks this.
"""
from __future__ import annotations

import argparse
from pathlib import Path


class UserError(Exception):
    """An error to print in one line, without a traceback."""


def people_errors() -> tuple[type[Exception], ...]:
    """Errors from lower layers that already carry a message for people."""
    from dashboard.scope import ScopeError
    from dashboard.store import StoreBusy, StoreMissing
    return (StoreBusy, StoreMissing, ScopeError)


def add_db(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--db", type=Path, required=required, metavar="PATH",
                        help="the DuckDB database file")


OWNER = "operator (database owner)"
USER_HELP = ("act as this account: it must exist, may import, and its scope limits the rows; "
             "without it the command runs as the database owner (who holds the file anyway)")


def importing_account(name: str | None):
    """(user label, allowed scope) for --user: a real account whose rights are checked, or the
    database owner (national) without it. An unknown account or one without the import right
    is a UserError."""
    if not name:
        return OWNER, None
    from dashboard import access, accounts
    try:
        user = access.user_named(name)
        return user.id, access.import_scope(user)
    except accounts.AccountError as exc:
        raise UserError(str(exc)) from None
    except access.ImportNotAllowed:
        raise UserError(f"{name} には取込・取消の権限がありません / {name} may not import or roll back") from None
