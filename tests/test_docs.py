"""The README names only commands, flags and paths that exist (in the manner of datasette's
test_docs.py): a renamed flag or a moved file fails here, not in a reader's terminal."""
from __future__ import annotations

import argparse
import re

import pytest

from dashboard.__main__ import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# `python -m dashboard CMD [SUB] …` up to the end of the line or of the inline code span
INVOCATION = re.compile(r"python -m dashboard ((?:[^`\n\\]|\\\n)+)")
# paths the repository should hold, as the README writes them in backticks
PATH = re.compile(r"`((?:dashboard|queries|tests|docs|data/reference|\.ci)/[^`\s:()]*)`")
GENERATED = ("data/demo.duckdb", "data/users.toml", "tests/artifacts")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings}


def invocations() -> list[tuple[str, list[str]]]:
    found = []
    for match in INVOCATION.finditer(README):
        words = match.group(1).replace("\\\n", " ").split()
        found.append((match.group(0).splitlines()[0][:80], words))
    return found


def test_the_readme_shows_the_command_line():
    assert len(invocations()) >= 10


@pytest.mark.parametrize("text,words", invocations(), ids=[t for t, _ in invocations()])
def test_every_command_and_flag_in_the_readme_exists(text, words):
    parser = build_parser()
    commands = _subparsers(parser)
    if words[0].startswith("-"):                      # python -m dashboard --help
        assert words[0] in _options(parser), text
        return
    name = words[0]
    if name in ("COMMAND", "CMD", "…", "..."):
        return
    assert name in commands, f"{text}: no command {name!r}"
    current = commands[name]
    for word in words[1:]:
        nested = _subparsers(current)
        if word in nested:
            current = nested[word]
            continue
        flag = word.split("=")[0]
        if flag.startswith("--"):
            assert flag in _options(current), f"{text}: {name} has no {flag}"


def _patterns(path: str) -> list[str]:
    """`ui/{a,b}.py` → two paths; an upper-case placeholder (`NAME.sql`) → a glob."""
    braces = re.search(r"\{([^}]*)\}", path)
    if braces:
        return [q for alt in braces.group(1).split(",")
                for q in _patterns(path[:braces.start()] + alt + path[braces.end():])]
    return [re.sub(r"\b[A-Z][A-Z_]+\b", "*", path.rstrip("/"))]


@pytest.mark.parametrize("path", sorted(set(PATH.findall(README))))
def test_every_path_in_the_readme_exists(path):
    if path.startswith(GENERATED):
        return
    for pattern in _patterns(path):
        assert list(ROOT.glob(pattern)), path


def test_the_path_check_can_fail():
    assert not list(ROOT.glob(_patterns("dashboard/pages/NAME.py")[0]))
    assert _patterns("ui/{a,b}.py") == ["ui/a.py", "ui/b.py"]


MAKE = re.compile(r"`make ([a-z][a-z-]*)")


@pytest.mark.parametrize("target", sorted(set(MAKE.findall(README))))
def test_every_make_target_in_the_readme_exists(target):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"make {target}"


def test_measured_numbers_live_in_the_one_generated_table():
    """One benchmark table, written by tests/bench/run.py between its markers; no second copy."""
    from tests.bench.readme_table import END, START
    assert README.count(START) == 1 and README.count(END) == 1
    inside = README[README.index(START):README.index(END)]
    outside = README.replace(inside, "")
    assert not re.search(r"^\|\s*measure\s*\|", outside, re.M | re.I), "a benchmark table outside the block"


# A measured quantity: a number with a unit of time, memory or throughput, or a number after
# p95 / median. Ranges ("7-8 s") and approximations ("~20 ms") count too.
_NUM = r"\d[\d,]*(?:\.\d+)?"
MEASURED = re.compile(
    rf"(?:~|約|about\s)?{_NUM}(?:\s*[-–〜~]\s*{_NUM})?\s*"
    r"(?:ms|s|sec|seconds?|秒|ミリ秒|分|minutes?|min|hours?|時間|KiB|KB|kB|MiB|MB|GiB|GB|"
    r"rows/s|行/秒|CPU-seconds)(?![A-Za-z])"
    rf"|\b(?:p95|p99|median|中央値)\s*[:=]?\s*{_NUM}")
# Numbers with units that are not measurements: targets, caps and settings. Each is removed
# from the prose before MEASURED looks at it; keep this list short and say why for each.
NOT_MEASURED = [
    r"target ≤ \d+ (?:ms|s)",                        # a benchmark's target, printed beside its row
    r"under 30 s for the national",                  # issue 5's target for the 10-chart PPTX
    r"1 GiB uncompressed in all, 128 MiB of shared strings",  # caps in dashboard/ingest/bounds.py
    r"limited to 300 MB more than it started with",  # the memory limit bench_bombs.py sets
    r"held to 512 MB",                               # pipeline.WRITE_MEMORY_LIMIT, a setting
    r"limited to 50 MB",                             # server.maxUploadSize in .streamlit/config.toml
    r"up to 15 minutes",                             # the sign-in back-off's ceiling, a setting
    r"60 minutes (?:without activity|idle)",         # SANWARI_SESSION_IDLE_MINUTES' default
    r"8 hours in all",                               # SANWARI_SESSION_HOURS' default
]


def measured_in_prose(text: str) -> list[str]:
    """Measured quantities in the README outside the generated table, code blocks and inline
    code (commands and literal values are not measurements)."""
    from tests.bench.readme_table import END, START
    if START in text and END in text:
        text = text[:text.index(START)] + text[text.index(END) + len(END):]
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    for allowed in NOT_MEASURED:
        text = re.sub(allowed, "", text)
    return [text[max(0, m.start() - 40):m.end() + 10].replace("\n", " ")
            for m in MEASURED.finditer(text)]


def test_the_prose_quotes_no_measured_number():
    """Every time, size and rate the README states comes from the one benchmark table: prose
    names the row ("see the row … in the benchmark table"), so two sections cannot disagree."""
    assert measured_in_prose(README) == []


def test_the_measured_number_check_can_fail():
    text = "The national page rerun takes median 59 ms (p95 138); the import 40,000 rows/s.\n"
    assert len(measured_in_prose(text)) == 3
    assert measured_in_prose("a 2 s 起動, 約3秒, 12 MiB, 0.7 GB and 7-8 s") != []
    assert len(measured_in_prose("after 60 minutes without activity; 3 sessions; ```\n59 ms\n```")) == 0
