"""One line format for every benchmark's results, so `make bench` gathers them into one table.

A benchmark script prints, beside its own human-readable output, one line per measured row:

    BENCHROW<TAB>measure<TAB>scale<TAB>value<TAB>target<TAB>ok

(`ok` is 1, 0 or empty when the row has no target). tests/bench/run.py runs each script,
collects these lines and writes the one table (README.md, between the bench markers), so a
number appears in the README only where the benchmark put it.
"""
from __future__ import annotations

PREFIX = "BENCHROW\t"


def emit(measure: str, scale: str, value: str, target: str = "", ok: bool | None = None) -> None:
    fields = [measure, scale, value, target, "" if ok is None else str(int(bool(ok)))]
    print(PREFIX + "\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields), flush=True)


def parse(output: str) -> list[tuple[str, str, str, str, bool | None]]:
    found = []
    for line in output.splitlines():
        if line.startswith(PREFIX):
            measure, scale, value, target, ok = (line[len(PREFIX):].split("\t") + [""] * 5)[:5]
            found.append((measure, scale, value, target, None if ok == "" else ok == "1"))
    return found
