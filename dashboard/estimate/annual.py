"""Yen, months and annual amounts of each line, and the apportioning of shared lines.

Money: every amount becomes integer yen *including* consumption tax (10%), since the cost
figures Sanwari compares against are what an organization pays. 千円 sheets are scaled.

Period: a line's own period column, else the period the sheet states (60か月, 5年間, 年額),
else 60 months — estimates usually give 60-month totals (domain.md section 11) — with that
assumption reported. annual = amount × 12 / months.

Shared lines (共通, 基盤, several operations) are apportioned by this rule:
1. over the operations the line names, else over every operation the estimate prices
   directly, else (an estimate naming no operation at all) over the operations of the
   organization's FY2018 baseline;
2. in proportion to what those operations cost: the estimate's own direct annual amounts
   (baseline amounts in the third case); equally when those are all zero;
3. in integer yen by the largest-remainder method, so the parts add up to the line exactly.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dashboard.estimate.model import Estimate

TAX_RATE = Decimal("0.10")
DEFAULT_MONTHS = 60


def yen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_yen(value: Decimal | None, scale: int, tax_included: bool) -> int | None:
    if value is None:
        return None
    factor = Decimal(1) if tax_included else 1 + TAX_RATE
    return yen(value * scale * factor)


def normalise(estimate: Estimate) -> None:
    defaulted = False
    for line in estimate.lines:
        line.amount_yen = to_yen(line.amount, line.scale, line.tax_included)
        line.unit_price_yen = to_yen(line.unit_price, line.scale, line.tax_included)
        line.months = line.period_months or line.sheet_period
        if line.months is None:
            line.months = DEFAULT_MONTHS
            defaulted = defaulted or line.counted
        if line.amount_yen is not None:
            line.annual_yen = yen(Decimal(line.amount_yen) * 12 / line.months)
    if defaulted:
        estimate.assumptions.append(
            f"期間の記載がない行は{DEFAULT_MONTHS}か月分の金額とみなしました / lines with no stated "
            f"period are read as {DEFAULT_MONTHS}-month totals")


def split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` yen over the keys in proportion to `weights` (equal if all zero), exact in sum."""
    keys = sorted(weights)
    if not keys:
        return {}
    w = [max(float(weights[k]), 0.0) for k in keys]
    if sum(w) <= 0:
        w = [1.0] * len(keys)
    s = sum(w)
    raw = [total * x / s for x in w]
    parts = [int(r // 1) for r in raw]
    rest = total - sum(parts)
    order = sorted(range(len(keys)), key=lambda i: (-(raw[i] - parts[i]), keys[i]))
    for i in order[:rest] if rest >= 0 else []:
        parts[i] += 1
    return dict(zip(keys, parts))


def allocate(rows: list[dict], fallback: dict[str, float] | None = None) -> list[dict]:
    """rows: {index, item_key, systems, shared, annual_yen} of counted, mapped lines.
    Returns {index, item_key, system_code, annual_yen, apportioned}; a shared line that
    has nowhere to go keeps system_code None."""
    direct: dict[str, float] = {}
    for r in rows:
        if not r["shared"] and r["systems"]:
            direct[r["systems"][0]] = direct.get(r["systems"][0], 0) + r["annual_yen"]
    out = []
    for r in rows:
        if not r["shared"] and r["systems"]:
            out.append({**_base(r), "system_code": r["systems"][0], "annual_yen": r["annual_yen"],
                        "apportioned": False})
            continue
        if r["systems"]:
            weights = {s: direct.get(s, 0) for s in r["systems"]}
        elif direct:
            weights = dict(direct)
        else:
            weights = dict(fallback or {})
        if not weights:
            out.append({**_base(r), "system_code": None, "annual_yen": r["annual_yen"],
                        "apportioned": False})
            continue
        for system, part in split(r["annual_yen"], weights).items():
            out.append({**_base(r), "system_code": system, "annual_yen": part, "apportioned": True})
    return out


def _base(r: dict) -> dict:
    return {"index": r["index"], "item_key": r["item_key"]}
