"""The red-flag rules: declared in data/reference/estimate_rules.json, checked in checks.py.

The JSON file holds everything a reviewer may want to read or change — explanation,
rationale, source, severity, question to the vendor, message templates, thresholds —
and a version that every review records. checks.py holds one function per rule id.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from dashboard.config import REFERENCE_DIR

RULES_FILE = REFERENCE_DIR / "estimate_rules.json"
SEVERITY = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")}


@dataclass(frozen=True)
class Flag:
    rule: str
    sheet: str | None
    row: int | None
    severity: str
    amount_yen: int | None
    message_ja: str
    message_en: str
    question_ja: str

    def as_json(self) -> dict:
        return {"rule": self.rule, "sheet": self.sheet, "row": self.row, "severity": self.severity,
                "amount_yen": self.amount_yen, "message_ja": self.message_ja,
                "message_en": self.message_en}


@lru_cache(maxsize=1)
def ruleset() -> dict:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return {"version": data["version"], "rules": {r["id"]: r for r in data["rules"]}}


def version() -> str:
    return ruleset()["version"]


def rule(rule_id: str) -> dict:
    return ruleset()["rules"][rule_id]


class _Blank(dict):
    def __missing__(self, key):
        return ""


def fill(template: str, **values) -> str:
    """A template with its {placeholders} filled; unknown ones left empty, never an error."""
    return template.format_map(_Blank(values))


def flag(rule_id: str, sheet, row, amount_yen, where: str = "", **values) -> Flag:
    r = rule(rule_id)
    values.setdefault("where", where or _where(sheet, row))
    return Flag(rule_id, sheet, row, r["severity"],
                None if amount_yen is None else int(amount_yen),
                fill(r["message_ja"], **values), fill(r["message_en"], **values),
                fill(r["question_ja"], **values))


def _where(sheet, row) -> str:
    if sheet and row:
        return f"シート「{sheet}」{row}行目"
    if sheet:
        return f"シート「{sheet}」"
    return "見積"


def yen_ja(value) -> str:
    return "—" if value is None else f"{int(value):,}円"


def yen_en(value) -> str:
    return "—" if value is None else f"¥{int(value):,}"
