"""One estimate review end to end: read → map → annualise and apportion → check.

`review(name, content, org_code, con=…)` is what the page, the CLI and the benchmark call.
With a database cursor it also uses the organization's saved corrections, its FY2018
baseline and its peers (R07, R08, R12); without one those rules stay silent. Nothing is
written here: saving is data.save_*, run only when the user confirms.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from dashboard import reference
from dashboard.estimate import annual, checks, data, mapper, reader, rules
from dashboard.estimate.mapper import Correction, Mapping
from dashboard.estimate.model import Estimate, Problem
from dashboard.estimate.rules import Flag

ITEMS = tuple(reference.load("cost_item")["item_key"])


@dataclass
class Review:
    org_code: str
    file_name: str
    sha256: str
    estimate: Estimate
    mappings: list[Mapping]
    allocations: pd.DataFrame                 # index, item_key, system_code, annual_yen, apportioned
    flags: list[Flag]
    problems: list[Problem] = field(default_factory=list)     # e.g. every line unmapped
    baseline: pd.DataFrame | None = None      # system_code, item_key, baseline_yen (FY2018 actual)
    peers: checks.Peers = field(default_factory=checks.Peers)
    rules_version: str = ""

    # ---------------------------------------------------------------- figures
    @property
    def counted(self):
        return [(l, m) for l, m in zip(self.estimate.lines, self.mappings) if l.counted]

    @property
    def mapped(self) -> int:
        return sum(1 for _, m in self.counted if m.item_key)

    @property
    def unmapped(self) -> int:
        return sum(1 for _, m in self.counted if not m.item_key)

    @property
    def annual_yen_by_item(self) -> dict[str, int]:
        a = self.allocations
        a = a[a["item_key"].isin(ITEMS)] if len(a) else a
        sums = a.groupby("item_key")["annual_yen"].sum() if len(a) else {}
        return {k: int(sums.get(k, 0)) for k in ITEMS}

    @property
    def annual_total_yen(self) -> int:
        return sum(self.annual_yen_by_item.values())

    @property
    def systems(self) -> list[str]:
        a = self.allocations
        return sorted(a["system_code"].dropna().unique()) if len(a) else []

    @property
    def baseline_yen(self) -> int | None:
        if self.baseline is None or not self.systems:
            return None
        b = self.baseline[self.baseline["system_code"].isin(self.systems)]
        return int(b["baseline_yen"].sum()) if len(b) else None

    @property
    def target_yen(self) -> int | None:
        return None if self.baseline_yen is None else checks.target_yen(self.baseline_yen)

    def as_json(self) -> dict:
        """The CLI's --json object (issue 14 section 5)."""
        return {"lines": len(self.counted), "mapped": self.mapped, "unmapped": self.unmapped,
                "annual_yen_by_item": self.annual_yen_by_item,
                "annual_total_yen": self.annual_total_yen, "baseline_yen": self.baseline_yen,
                "target_yen": self.target_yen, "flags": [f.as_json() for f in self.flags]}

    def stored_lines(self, review_id: int) -> pd.DataFrame:
        """The counted lines as estimate_line rows (apportioned shared lines split by operation)."""
        rows = []
        by_index = self.allocations.groupby("index") if len(self.allocations) else None
        for i, (line, m) in enumerate(zip(self.estimate.lines, self.mappings)):
            if not line.counted:
                continue
            parts = (by_index.get_group(i).to_dict("records")
                     if by_index is not None and i in by_index.groups else
                     [{"system_code": None, "annual_yen": line.annual_yen}])
            for part in parts:
                rows.append({"review_id": review_id, "sheet": line.sheet, "row_number": line.row,
                             "description": line.description, "item_key": m.item_key,
                             "system_code": part["system_code"], "unit": line.unit,
                             "unit_price_yen": line.unit_price_yen,
                             "quantity": None if line.quantity is None else float(line.quantity),
                             "months": line.months, "amount_yen": line.amount_yen,
                             "annual_yen": part["annual_yen"]})
        return pd.DataFrame(rows, columns=["review_id", "sheet", "row_number", "description", "item_key",
                                           "system_code", "unit", "unit_price_yen", "quantity",
                                           "months", "amount_yen", "annual_yen"])


def review(name: str, content: bytes, org_code: str, con=None,
           corrections: list[Correction] | None = None, existing_lines: list[str] | None = None,
           overrides: dict[int, tuple[str | None, str | None]] | None = None) -> Review:
    """Review one estimate. `overrides`: {line index: (item_key, system)} corrections made in
    the page but not (yet) saved. Raises model.EstimateError on unreadable input."""
    estimate = reader.read(name, content)
    annual.normalise(estimate)
    saved = list(corrections or [])
    baseline = None
    if con is not None:
        saved += data.corrections(con, org_code)
        baseline = data.baseline(con, org_code)
    index = mapper.corrections_index(saved, org_code)
    mappings = [mapper.map_line(line, index, org_code) for line in estimate.lines]
    for i, (item, system) in (overrides or {}).items():
        line = estimate.lines[i]
        mappings[i] = mapper.map_line(line, {mapper.text.key(line.description):
                                             Correction("", item, system, org_code)}, org_code)
    allocations = _allocate(estimate, mappings, baseline)
    result = Review(org_code, name, hashlib.sha256(content).hexdigest(), estimate, mappings,
                    allocations, [], baseline=baseline, rules_version=rules.version())
    if con is not None:
        result.peers = data.peers(con, org_code, result.systems)
    ctx = checks.Context(estimate, mappings, result.peers,
                         result.baseline_yen, result.annual_yen_by_item, list(existing_lines or []))
    result.flags = checks.run_all(ctx)
    result.problems = _problems(result)
    return result


def _allocate(estimate: Estimate, mappings: list[Mapping], baseline) -> pd.DataFrame:
    rows = [{"index": i, "item_key": m.item_key, "systems": m.systems, "shared": m.shared,
             "annual_yen": line.annual_yen or 0}
            for i, (line, m) in enumerate(zip(estimate.lines, mappings))
            if line.counted and m.item_key in ITEMS]
    fallback = None
    if baseline is not None and len(baseline):
        fallback = baseline.groupby("system_code")["baseline_yen"].sum().to_dict()
    out = annual.allocate(rows, fallback)
    return pd.DataFrame(out, columns=["index", "item_key", "system_code", "annual_yen", "apportioned"])


def _problems(result: Review) -> list[Problem]:
    counted = result.counted
    if not counted:
        return [Problem(result.estimate.sheets[0] if result.estimate.sheets else None, None, None,
                        "金額のある明細行がありません", "no line with an amount")]
    if result.mapped == 0:
        first = counted[0][0]
        return [Problem(first.sheet, first.row, None,
                        f"どの明細行（{len(counted)}行、最初は{first.row}行目）も費目に対応付けられませんでした。"
                        "対応付けを修正してください",
                        f"none of the {len(counted)} lines (first: row {first.row}) could be mapped to a "
                        "cost item; correct the mapping")]
    return []
