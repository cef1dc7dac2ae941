"""What every rule check sees: the estimate, its mappings, peers' aggregates, the baseline
(Context), and small helpers shared by the checks."""
from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.estimate import text
from dashboard.estimate.mapper import Mapping
from dashboard.estimate.model import Estimate, Line


@dataclass
class Peers:
    """Aggregates only, published under the peer charts' disclosure control (None otherwise)."""
    population: int | None = None               # the organization's own (census)
    fiscal_year: int | None = None              # the year of the peers' figures
    person_month: dict | None = None            # {published, q75}
    items: dict = field(default_factory=dict)   # item_key -> {published, p25, p50, p75, p90} per resident


@dataclass
class Context:
    estimate: Estimate
    mappings: list[Mapping]
    peers: Peers = field(default_factory=Peers)
    baseline_yen: int | None = None
    annual_by_item: dict = field(default_factory=dict)
    existing_lines: list[str] = field(default_factory=list)

    def counted(self):
        if not hasattr(self, "_counted"):      # the same list for every rule
            self._counted = [(l, m) for l, m in zip(self.estimate.lines, self.mappings) if l.counted]
        return self._counted


def _words(line: Line) -> str:
    return text.key(f"{line.description} {line.note} {line.unit}")


def _loc(line: Line) -> str:
    return f"シート「{line.sheet}」{line.row}行目"


def _has(folded: str, words) -> bool:
    return any(text.key(w) in folded for w in words)
