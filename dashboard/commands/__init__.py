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
