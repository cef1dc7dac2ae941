"""The command line: `python -m dashboard COMMAND --help`.

Each command is a module in dashboard/commands/ with `register(subparsers)` and
`run(args) -> int`. Errors meant for people are printed without a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from dashboard.commands import UserError

COMMANDS = ("init", "demo", "import_", "summary", "history", "rollback", "user", "template",
            "export", "review", "cloud", "scenario", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Sanwari (三割): operating costs of the 20 standardized systems against "
                    "the target of -30%% from FY2018. Each command has its own --help.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"dashboard.commands.{name}")
        module.register(sub).set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UserError as exc:
        print(f"エラー / error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
