"""Mapping each line to one of the 12 cost items and to an operation (or 共通, shared).

Sources, strongest first:
1. a correction saved by the organization (the same description, normalised);
2. a correction in the national dictionary (curated by national users);
3. the keyword dictionary data/reference/estimate_keywords.csv (vendor wording; the
   Digital Agency pilots' 11 費目 are its base): the longest keyword found in the
   description wins, its confidence lowered when a different item's keyword also matches.
`one_off` marks initial and migration work (データ移行, 初期構築): not an operating cost, so
it is shown but left out of the annual figures.

The operation comes from the operation column, else the section heading, else the
description; a line naming several operations, or 共通/基盤, is shared.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from dashboard.config import REFERENCE_DIR
from dashboard.estimate import operations, text
from dashboard.estimate.model import Line

ONE_OFF = "one_off"
AMBIGUOUS_FACTOR = 0.8


@dataclass
class Mapping:
    item_key: str | None = None       # one of the 12, ONE_OFF, or None (unmapped)
    systems: list[str] = field(default_factory=list)   # operations named; several or none → shared
    shared: bool = True
    confidence: float = 0.0
    source: str = "none"              # org | national | dictionary | none
    keyword: str = ""


@dataclass(frozen=True)
class Correction:
    pattern: str                      # text.key() of the description
    item_key: str | None
    system: str | None                # '01'…'20', 'shared', or None (keep what was read)
    owner: str                        # an org_code, or 'national'


@lru_cache(maxsize=1)
def keywords() -> tuple[tuple[str, str, float], ...]:
    table = pd.read_csv(REFERENCE_DIR / "estimate_keywords.csv", dtype=str, keep_default_na=False)
    rows = [(text.key(k), item, float(c)) for k, item, c in
            zip(table["keyword"], table["item_key"], table["confidence"])]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), -r[2])))


def dictionary_item(description: str) -> tuple[str | None, float, str]:
    """(item_key, confidence, keyword) from the keyword dictionary."""
    folded = text.key(description)
    hits = [(k, item, conf) for k, item, conf in keywords() if k in folded]
    if not hits:
        return None, 0.0, ""
    best_kw, best_item, conf = hits[0]
    rivals = [h for h in hits[1:] if h[1] != best_item and h[0] not in best_kw]
    return best_item, round(conf * (AMBIGUOUS_FACTOR if rivals else 1.0), 2), best_kw


def _operation(line: Line) -> tuple[list[str], bool]:
    for source in (line.operation_text, line.section, line.description):
        codes, shared = operations.find(source)
        if codes:
            return codes, len(codes) > 1 or shared
        if shared:
            return [], True
    return [], True


def map_line(line: Line, corrections: dict[str, Correction] | None = None,
             org_code: str | None = None) -> Mapping:
    systems, shared = _operation(line)
    mapping = Mapping(systems=systems, shared=shared)
    item, conf, kw = dictionary_item(line.description)
    if item is None and line.section:
        item, conf, kw = dictionary_item(line.section)
        conf = round(conf * 0.7, 2)          # a heading says less about one line than its own words
    if item:
        mapping.item_key, mapping.confidence, mapping.source, mapping.keyword = item, conf, "dictionary", kw
    found = (corrections or {}).get(text.key(line.description))
    if found is not None:
        mapping.item_key = found.item_key
        mapping.confidence = 1.0
        mapping.source = "org" if found.owner == org_code else "national"
        if found.system == "shared":
            mapping.systems, mapping.shared = [], True
        elif found.system:
            mapping.systems, mapping.shared = [found.system], False
    return mapping


def corrections_index(rows: list[Correction], org_code: str | None) -> dict[str, Correction]:
    """One correction per description: the organization's own beats the national dictionary."""
    index: dict[str, Correction] = {}
    for c in rows:
        if c.owner == "national":
            index.setdefault(c.pattern, c)
    for c in rows:
        if org_code and c.owner == org_code:
            index[c.pattern] = c
    return index
