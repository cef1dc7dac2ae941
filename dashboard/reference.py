"""The single source of reference facts: organizations, operations, cost items, drivers.

Everything reads the committed CSVs in data/reference/ through this module, so codes,
names, kinds and peer bands are defined once.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from dashboard.config import REFERENCE_DIR

TABLES = ("organization", "system", "cost_item", "driver", "countermeasure_map")
_FILES = {"organization": "organizations.csv", "system": "systems.csv",
          "cost_item": "cost_items.csv", "driver": "drivers.csv",
          "countermeasure_map": "countermeasure_map.csv"}

# Population bands of 総務省's 類似団体 scheme (docs/metrics.md, "Organizations and scope"), upper bounds exclusive.
CITY_BANDS = ((50_000, "市 5万未満"), (100_000, "市 5-10万"), (150_000, "市 10-15万"),
              (None, "市 15万以上"))
TOWN_BANDS = ((5_000, "町村 5千未満"), (10_000, "町村 5千-1万"), (15_000, "町村 1-1.5万"),
              (20_000, "町村 1.5-2万"), (None, "町村 2万以上"))


def check_digit(code5: str) -> int:
    """Check digit of a 5-digit 地方公共団体コード (JIS X 0402)."""
    d = [int(c) for c in code5]
    s = 6 * d[0] + 5 * d[1] + 4 * d[2] + 3 * d[3] + 2 * d[4]
    return (11 - s % 11) % 10


def peer_group(kind: str, population: int) -> str | None:
    if kind in ("政令指定都市", "中核市", "特別区"):
        return kind
    if kind == "都道府県":
        return None
    bands = CITY_BANDS if kind == "市" else TOWN_BANDS
    for upper, label in bands:
        if upper is None or population < upper:
            return label
    return None


@lru_cache(maxsize=None)
def _load(table: str) -> pd.DataFrame:
    frame = pd.read_csv(REFERENCE_DIR / _FILES[table], dtype=str, keep_default_na=False)
    for col in frame.columns:
        if col in ("population", "sort_order"):
            frame[col] = frame[col].astype("int64")
        elif col in ("population_synthetic", "prefecture_runs", "new_after_migration",
                     "software_related", "is_countermeasure"):
            frame[col] = frame[col] == "true"
    if table == "organization":
        frame["peer_group"] = [peer_group(k, p) for k, p in zip(frame["kind"], frame["population"])]
    return frame


def load(table: str) -> pd.DataFrame:
    """A copy of one reference table (callers may modify it)."""
    return _load(table).copy()


def organizations() -> pd.DataFrame:
    return load("organization")


def org_names() -> dict[str, str]:
    orgs = _load("organization")
    return dict(zip(orgs["org_code"], orgs["name"]))


def prefecture_names() -> dict[str, str]:
    prefs = _load("organization").query("kind == '都道府県'")
    return dict(zip(prefs["pref_code"], prefs["name"]))
