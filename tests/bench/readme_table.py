"""Write the benchmark table into README.md between its two markers (the one place for numbers).

The README quotes measured times, sizes and rates only inside this block; other sections
point to it by the row's name. tests/test_docs.py checks that the block exists once, that no
other table in the README is a benchmark table, and that the prose outside it quotes no
time, size or rate.
"""
from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

START = "<!-- benchmark table: written by `make bench` (tests/bench/run.py); do not edit by hand -->"
END = "<!-- end of benchmark table -->"
JST = timezone(timedelta(hours=9))


def render(rows: list[tuple], load_before: tuple, load_after: tuple, root: Path) -> str:
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    when = datetime.now(JST).strftime("%Y-%m-%d %H:%M JST")
    lines = [START, "",
             f"Measured {when} at commit `{commit}` on {os.cpu_count()} cores; load average "
             f"{load_before[0]:.1f} before and {load_after[0]:.1f} after the run.", "",
             "| measure | scale | value | target | met |", "|---|---|---|---|---|"]
    for measure, scale, value, target, ok in rows:
        met = "" if ok is None else ("yes" if ok else "**no**")
        cells = [c.replace("|", "/") for c in (measure.strip(), scale, value, target, met)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines + ["", END])


def write(readme: Path, block: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme}: the benchmark markers are missing; add them where the table goes")
    readme.write_text(text[:start] + block + text[end + len(END):], encoding="utf-8")
