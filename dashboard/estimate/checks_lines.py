"""The rules that read the estimate's own lines: R01 arithmetic, R02 priced twice, R03
network lines, R04 non-production, R09 lump sums, R10 24/365 maintenance, R11 escalation.
Each takes the Context and its rule's parameters and returns Flags (pure)."""
from __future__ import annotations

import re
from decimal import Decimal

from dashboard import reference
from dashboard.estimate import annual, text
from dashboard.estimate.context import Context, _has, _loc, _words
from dashboard.estimate.mapper import dictionary_item
from dashboard.estimate.model import Line
from dashboard.estimate.rules import Flag, flag, yen_en, yen_ja


# ---------------------------------------------------------------- R01 arithmetic
def r01(ctx: Context, p: dict) -> list[Flag]:
    tol = Decimal(p["tolerance_units"])
    flags = []
    for line, _ in ctx.counted():
        if line.unit_price is None or line.quantity is None or line.amount is None:
            continue
        candidates = [line.unit_price * line.quantity]
        if line.period_months:
            candidates.insert(0, line.unit_price * line.quantity * line.period_months)
        if any(abs(c - line.amount) <= tol for c in candidates):
            continue
        expected = annual.to_yen(candidates[0], line.scale, line.tax_included)
        flags.append(flag("R01", line.sheet, line.row, line.amount_yen,
                          what="単価×数量" + ("×期間" if line.period_months else ""),
                          what_en="unit price × quantity" + (" × period" if line.period_months else ""),
                          expected=yen_ja(expected), stated=yen_ja(line.amount_yen),
                          diff=yen_ja(abs(expected - line.amount_yen))))
    by_sheet: dict[str, list[Line]] = {}
    for line in ctx.estimate.lines:
        by_sheet.setdefault(line.sheet, []).append(line)
    for lines in by_sheet.values():
        since_sub, since_section, since_total, taxes = Decimal(0), Decimal(0), Decimal(0), Decimal(0)
        for line in lines:
            if line.kind == "section":
                since_section = Decimal(0)
            elif line.counted and line.amount is not None:
                since_sub += line.amount
                since_section += line.amount
                since_total += line.amount
            elif line.kind == "tax" and line.amount is not None:
                taxes += line.amount
            elif line.kind in ("subtotal", "total") and line.amount is not None:
                sums = [since_sub, since_section] if line.kind == "subtotal" else [since_total, since_total + taxes]
                if not any(abs(s - line.amount) <= tol for s in sums):
                    expected = annual.to_yen(sums[0], line.scale, line.tax_included)
                    label = "小計" if line.kind == "subtotal" else "合計"
                    flags.append(flag("R01", line.sheet, line.row, line.amount_yen,
                                      what=f"明細の合計（{label}）", what_en=f"sum of lines ({line.kind})",
                                      expected=yen_ja(expected), stated=yen_ja(line.amount_yen),
                                      diff=yen_ja(abs(expected - line.amount_yen))))
                since_sub = Decimal(0)
                if line.kind == "total":
                    since_total, taxes, since_section = Decimal(0), Decimal(0), Decimal(0)
    return flags


# ---------------------------------------------------------------- R02 priced twice
_ENV_WORDS = re.compile(r"(本番|検証|開発|ステージング|staging|production)(環境)?|[()\[\]（）【】]")


def _core(description: str) -> str:
    return _ENV_WORDS.sub("", text.key(description))


def r02(ctx: Context, p: dict) -> list[Flag]:
    flags, seen, amounts = [], {}, {}
    for line, m in ctx.counted():
        if not line.amount_yen:
            continue
        k = (text.key(line.description), line.environment, tuple(m.systems), m.shared)
        if k in seen:
            first = seen[k]
            flags.append(flag("R02", line.sheet, line.row, line.amount_yen,
                              description=line.description, other=_loc(first)))
            continue
        seen[k] = line
        if line.amount_yen >= p["min_amount_yen"] and m.item_key:
            a = (line.amount_yen, m.item_key, tuple(m.systems), line.environment)
            other = amounts.get(a)
            if other is not None and (other.section, other.sheet) != (line.section, line.sheet):
                flags.append(flag("R02", line.sheet, line.row, line.amount_yen,
                                  description=line.description,
                                  other=f"{_loc(other)}（同額 / same amount）"))
            amounts.setdefault(a, line)
    monitoring = p["monitoring_words"]
    gc = [l for l, m in ctx.counted() if m.item_key == "gc_ops" and _has(_words(l), monitoring)]
    if gc:
        for line, m in ctx.counted():
            if m.item_key == "ops_work" and _has(_words(line), monitoring):
                flags.append(flag("R02", line.sheet, line.row, line.amount_yen,
                                  description=line.description,
                                  other=f"運用管理補助者の「{gc[0].description}」（{_loc(gc[0])}）"))
    return flags


# ---------------------------------------------------------------- R03 network lines
def r03(ctx: Context, p: dict) -> list[Flag]:
    flags, first = [], {}
    existing = [(e, dictionary_item(e)[0]) for e in ctx.existing_lines if e.strip()]
    for line, m in ctx.counted():
        if m.item_key not in p["items"]:
            continue
        if m.item_key in first:
            flags.append(flag("R03", line.sheet, line.row, line.amount_yen,
                              description=line.description, other=_loc(first[m.item_key])))
        else:
            first[m.item_key] = line
        for name, item in existing:
            if item == m.item_key or text.key(name) in text.key(line.description):
                flags.append(flag("R03", line.sheet, line.row, line.amount_yen,
                                  description=line.description, other=f"既存の回線契約「{name}」"))
                break
    return flags


# ---------------------------------------------------------------- R04 non-production
def r04(ctx: Context, p: dict) -> list[Flag]:
    flags = []
    production = {}
    for line, m in ctx.counted():
        if line.environment == "本番" and line.annual_yen:
            production.setdefault((_core(line.description), m.item_key, tuple(m.systems)), line)
    for line, m in ctx.counted():
        if line.environment not in ("検証", "開発") or not line.amount_yen:
            continue
        env_en = "staging" if line.environment == "検証" else "development"
        if _has(_words(line), p["always_on_words"]):
            flags.append(flag("R04", line.sheet, line.row, line.amount_yen, description=line.description,
                              environment=line.environment, environment_en=env_en,
                              why="24時間常時稼働で見積られています", why_en="priced for 24x7 operation"))
            continue
        prod = production.get((_core(line.description), m.item_key, tuple(m.systems)))
        if prod is not None and line.annual_yen >= p["production_share"] * prod.annual_yen:
            share = line.annual_yen / prod.annual_yen
            flags.append(flag("R04", line.sheet, line.row, line.amount_yen, description=line.description,
                              environment=line.environment, environment_en=env_en,
                              why=f"本番（{_loc(prod)}）の{share:.0%}の金額です",
                              why_en=f"{share:.0%} of production (row {prod.row})"))
    return flags


# ---------------------------------------------------------------- R09 lump sum
def r09(ctx: Context, p: dict) -> list[Flag]:
    flags = []
    for line, _ in ctx.counted():
        unit, words = text.fold(line.unit), _words(line)
        lump = unit in p["lump_words"] or "一式" in words
        if not lump or (line.quantity is not None and line.quantity not in (0, 1)):
            continue
        if (line.annual_yen or 0) >= p["min_annual_yen"] and not _has(text.key(line.note), p["basis_words"]):
            flags.append(flag("R09", line.sheet, line.row, line.amount_yen, description=line.description,
                              amount=yen_ja(line.amount_yen), amount_en=yen_en(line.amount_yen)))
    return flags


# ---------------------------------------------------------------- R10 24/365 maintenance
def r10(ctx: Context, p: dict) -> list[Flag]:
    names = reference.load("system").set_index("system_code")
    flags = []
    for line, m in ctx.counted():
        if m.item_key not in p["items"] or not _has(_words(line), p["always_on_words"]):
            continue
        if any(s in p["needs_24h"] for s in m.systems):
            continue
        op_ja = "・".join(names.loc[s, "name_ja"] for s in m.systems) or "共通（全業務）"
        op_en = ", ".join(names.loc[s, "name_en"] for s in m.systems) or "shared (all operations)"
        flags.append(flag("R10", line.sheet, line.row, line.amount_yen, description=line.description,
                          operation=op_ja, operation_en=op_en))
    return flags


# ---------------------------------------------------------------- R11 escalation
def r11(ctx: Context, p: dict) -> list[Flag]:
    patterns = [re.compile(x) for x in p["patterns"]]
    rows = {(l.sheet, l.row): l for l in ctx.estimate.lines}
    flags, done = [], set()
    for sheet, row, cell in ctx.estimate.texts:
        # texts are NFKC-normalised by the reader, with spaces kept: the patterns allow them
        if (sheet, row) in done or not any(x.search(cell) for x in patterns):
            continue
        done.add((sheet, row))
        line = rows.get((sheet, row))
        flags.append(flag("R11", sheet, row, line.amount_yen if line and line.counted else None,
                          text=cell[:80]))
    return flags
