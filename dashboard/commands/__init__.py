"""Subcommands of `python -m dashboard`. Shared argument helpers live here."""
from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.scope import ScopeError
from dashboard.store import StoreBusy, StoreMissing


class UserError(Exception):
    """An error to print in one line, without a traceback."""


# Errors from lower layers that already carry a message for people.
PEOPLE_ERRORS = (StoreBusy, StoreMissing, ScopeError)


def add_db(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--db", type=Path, required=required, metavar="PATH",
                        help="the DuckDB database file")
