"""Paths and the constants of the target (docs/metrics.md): their one source.

The SQL reads the same constants from the table `setting`, which store.refresh writes from
`sql_constants()` before every mart rebuild (queries/marts/setting.sql).
"""
from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
QUERIES_DIR = ROOT / "queries"
DEMO_DB = DATA_DIR / "demo.duckdb"

BASELINE_FY = 2018
DEADLINE_FY = 2025          # migration deadline: end of FY2025 (令和7年度末)
FIRST_FY, LAST_FY = 2018, 2030
TARGET_RATE = 0.30          # at least 30% below FY2018
PEER_MIN_MEMBERS = 5        # peers are shown only as aggregates of >= 5 organizations
BASES = ("actual", "budget", "estimate")   # best first: 実績 > 予算 > 見積
IMPORT_KINDS = ("costs", "drivers", "status")  # recognised from a file's columns


def sql_constants() -> dict[str, int]:
    """The constants as the SQL takes them: the share of the baseline that meets the target
    (1 - TARGET_RATE = 7/10) as two integers, so that the rules stay integer arithmetic."""
    keep = 1 - Fraction(str(TARGET_RATE))
    return {"baseline_fy": BASELINE_FY, "target_keep_num": keep.numerator,
            "target_keep_den": keep.denominator, "peer_min_members": PEER_MIN_MEMBERS}


def database_path() -> Path:
    """The database the app serves: SANWARI_DB, else the demo database."""
    return Path(os.environ.get("SANWARI_DB") or DEMO_DB)
