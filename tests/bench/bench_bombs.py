"""Benchmark: how long and how much extra memory refusing the hostile imports of finding 2 takes.

Usage: .venv/bin/python tests/bench/bench_bombs.py [--limit-mib 300]

Each file is read through `read.read_table` (what the page and the CLI call) in a fresh
child process whose address space is limited to what it holds after its imports plus
--limit-mib: going over the limit makes the child fail with MemoryError rather than hurt
the machine. Prints seconds and extra peak RSS per file. Target (issue 11): each refused in
under 5 s with under 300 MB extra.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench import rows  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from dashboard.ingest.read import read_table
from tests import ingest_bombs
content = getattr(ingest_bombs, {maker!r})()
def rss_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
def vm_bytes():
    for line in open("/proc/self/status"):
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
limit = vm_bytes() + {limit_mib} * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
with open("/proc/self/clear_refs", "w") as f:   # reset the peak: count only the read
    f.write("5")
before = rss_kib()
started = time.perf_counter()
table, problems = read_table("bomb.xlsx", content)
seconds = time.perf_counter() - started
print(json.dumps({{"bytes": len(content), "seconds": seconds, "extra_mib": (rss_kib() - before) / 1024,
                  "refused": table is None, "reason": problems[0].reason_en if problems else ""}}))
"""


def measure(maker: str, limit_mib: int = 300) -> dict:
    """Run one file in a limited child; the child's JSON line, or its failure."""
    code = CHILD.format(root=str(ROOT), maker=maker, limit_mib=limit_mib)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        return {"failed": done.stderr.strip().splitlines()[-1:] or ["?"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit-mib", type=int, default=300)
    args = ap.parse_args()
    print(f"{'file':<28}{'size':>10}{'seconds':>9}{'extra MiB':>11}  result")
    for maker, label in (("declared_bomb", "A1:XFD1048576 workbook"), ("row_bomb", "3M-row zip")):
        r = measure(maker, args.limit_mib)
        if "failed" in r:
            rows.emit(f"hostile import refused: {label}", "-", f"failed: {r['failed']}", "<=5 s, <=300 MB", False)
            print(f"{label:<28}{'':>10}{'':>9}{'':>11}  FAILED {r['failed']}")
            continue
        print(f"{label:<28}{r['bytes'] / 1024:>8.0f}KB{r['seconds']:>9.2f}{r['extra_mib']:>11.1f}  "
              f"{'refused' if r['refused'] else 'ACCEPTED'}: {r['reason']}")
        rows.emit(f"hostile import refused: {label} ({r['bytes'] / 1024:.0f} KB)", "-",
                  f"{r['seconds']:.2f} s, +{r['extra_mib']:.1f} MiB", "<=5 s, <=300 MB",
                  r["refused"] and r["seconds"] <= 5 and r["extra_mib"] * 1.048576 <= 300)


if __name__ == "__main__":
    main()
