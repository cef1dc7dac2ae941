"""Break each metric rule once and show that the suite notices.

    .venv/bin/python tests/bench/mutations.py [--only NAME]

For every rule below, a scratch copy of the committed tree (a detached `git worktree` of HEAD)
gets one small edit that breaks the rule, and the tests that guard it run there. A rule whose
tests still pass is a hole in the suite: the script prints SURVIVED and exits 1. Prints one
line per rule with the test that failed first, and the time taken.

Not part of `make test` (each mutation reruns a few test files); `make mutations` runs it.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAST = ["tests/test_metrics.py", "tests/test_page_queries.py", "tests/test_rules.py"]

# (name, file, text to find, its broken replacement, tests that must fail)
MUTATIONS = [
    ("on target is ≤ 70%, not <", "queries/marts/org_year.sql",
     "s.target_keep_den * y.current_yen <= s.target_keep_num", "s.target_keep_den * y.current_yen < s.target_keep_num",
     FAST),
    ("over baseline is >, not ≥", "queries/marts/org_year.sql",
     "y.current_yen > y.baseline_yen as over_baseline", "y.current_yen >= y.baseline_yen as over_baseline", FAST),
    ("target is floor(0.7 B), not ceil", "queries/marts/rules.sql",
     "(baseline_yen * (select target_keep_num from setting)) // (select target_keep_den from setting)",
     "(baseline_yen * (select target_keep_num from setting) + (select target_keep_den from setting) - 1)"
     " // (select target_keep_den from setting)", FAST),
    ("basis is projected when any pair is", "queries/marts/rules.sql",
     "case when pairs_projected > 0 then", "case when pairs_projected > 1 then", FAST),
    ("ratio is C / B", "queries/marts/org_year.sql",
     "then y.current_yen / y.baseline_yen end as ratio", "then y.baseline_yen / y.current_yen end as ratio", FAST),
    ("target rate is 30%", "dashboard/config.py", "TARGET_RATE = 0.3", "TARGET_RATE = 0.25", FAST),
    ("baseline year is FY2018", "dashboard/config.py", "BASELINE_FY = 2018", "BASELINE_FY = 2019", FAST),
    ("peer groups need 5 members", "dashboard/config.py", "PEER_MIN_MEMBERS = 5", "PEER_MIN_MEMBERS = 4",
     ["tests/test_page_queries.py", "tests/test_peer_disclosure.py"]),
    ("no peer over half of a group's current total", "queries/pages/peer_stats.sql",
     "peer_publishable(count(*), current_yen)", "peer_publishable(count(*), 0)",
     ["tests/test_peer_disclosure.py"]),
    ("no peer over half of a group's baseline total", "queries/pages/peer_stats.sql",
     "and peer_no_dominant(baseline_yen)", "and true", ["tests/test_peer_disclosure.py"]),
    ("dominance is more than half", "queries/marts/rules.sql",
     "max(value) <= 0.5 * sum(value)", "max(value) <= 0.9 * sum(value)",
     ["tests/test_peer_disclosure.py", "tests/test_estimate_rules.py"]),
    ("peer statistics are rounded to 3 significant figures", "queries/marts/rules.sql",
     "round(value, (2 - floor(log10(abs(value))))::integer)", "round(value, (4 - floor(log10(abs(value))))::integer)",
     ["tests/test_peer_disclosure.py"]),
    ("a prefecture scope keeps its own organizations", "queries/scope.sql",
     "where (pref is null or pref_code = pref)", "where (pref is null or pref_code = pref or true)",
     ["tests/test_access_sql.py", "tests/test_metrics.py"]),
]


def run(name: str, rel: str, old: str, new: str, tests: list[str]) -> tuple[bool, str, float]:
    """(killed, first failing test or reason, seconds) for one mutation in a scratch worktree."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sanwari-mutant-") as tmp:
        scratch = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(scratch), "HEAD"],
                       check=True)
        try:
            target = scratch / rel
            text = target.read_text(encoding="utf-8")
            if text.count(old) != 1:
                return False, f"the rule's text is not found once in {rel} (update this script)", 0.0
            target.write_text(text.replace(old, new), encoding="utf-8")
            (scratch / ".venv").symlink_to(ROOT / ".venv")
            out = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", *tests, "-q", "-x",
                                  "-p", "no:cacheprovider", "--tb=no"],
                                 cwd=scratch, capture_output=True, text=True)
            failed = re.search(r"^FAILED (\S+)", out.stdout, re.M)
            killed = out.returncode != 0
            return killed, (failed.group(1) if failed else out.stdout.strip().splitlines()[-1]), \
                time.perf_counter() - started
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(scratch)], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the mutations whose name contains this text")
    args = parser.parse_args()
    survived = 0
    for name, rel, old, new, tests in MUTATIONS:
        if args.only and args.only not in name:
            continue
        killed, detail, seconds = run(name, rel, old, new, tests)
        survived += not killed
        print(f"{'killed  ' if killed else 'SURVIVED'} {name:48} {seconds:6.1f} s  {detail}", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
