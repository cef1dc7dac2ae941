"""One check per rule id (R01–R12). Each takes the review context and its rule's
parameters (data/reference/estimate_rules.json) and returns Flags. Pure functions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from dashboard import reference
from dashboard.estimate import annual, text
from dashboard.estimate.mapper import Mapping, dictionary_item
from dashboard.estimate.model import Estimate, Line
from dashboard.estimate.rules import Flag, flag, rule, yen_en, yen_ja


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


# ---------------------------------------------------------------- R05 exchange rate
_RATE = (re.compile(r"(為替|レート|ドル|usd|\$)[^0-9]{0,12}?(?:1[^0-9]{1,3})?(\d{2,3}(?:\.\d+)?)"),
         re.compile(r"(\d{2,3}(?:\.\d+)?)円?/(ドル|usd|\$)"))


_RATE_HINT = re.compile(r"為替|レート|ドル|usd|\$|/", re.I)


def exchange_rates(estimate: Estimate) -> list[tuple[str, int, float]]:
    found = []
    for sheet, row, cell in estimate.texts:
        if not _RATE_HINT.search(cell):         # texts are NFKC already: a cheap filter first
            continue
        folded = text.fold(cell).lower()
        for pattern in _RATE:
            for match in pattern.finditer(folded):
                value = float(next(g for g in match.groups() if g and g[0].isdigit()))
                if 50 <= value <= 400:
                    found.append((sheet, row, value))
    return found


def r05(ctx: Context, p: dict) -> list[Flag]:
    cloud = [l for l, m in ctx.counted() if m.item_key == "gc_usage"]
    if not cloud:
        return []
    total = sum(l.amount_yen or 0 for l in cloud)
    rates = exchange_rates(ctx.estimate)
    lo, hi = p["min_yen_per_usd"], p["max_yen_per_usd"]
    if not rates:
        first = cloud[0]
        return [flag("R05", first.sheet, first.row, total,
                     detail=f"クラウド利用料（{len(cloud)}行、計{yen_ja(total)}）に為替レートの前提が書かれていません。",
                     detail_en=f"Cloud fees ({len(cloud)} line(s), {yen_en(total)}) state no exchange rate.")]
    return [flag("R05", sheet, row, total,
                 detail=f"為替レート {rate:g}円/ドルは設定範囲（{lo}〜{hi}円）の外です。",
                 detail_en=f"Exchange rate {rate:g} yen/USD is outside the band {lo}-{hi}.")
            for sheet, row, rate in rates if not lo <= rate <= hi]


# ---------------------------------------------------------------- R06 commitment discount
def r06(ctx: Context, p: dict) -> list[Flag]:
    everything = text.key(" ".join(c for _, _, c in ctx.estimate.texts))
    if _has(everything, p["discount_words"]):
        return []
    return [flag("R06", l.sheet, l.row, l.amount_yen, description=l.description)
            for l, m in ctx.counted()
            if m.item_key == "gc_usage" and l.environment not in ("検証", "開発")
            and (l.months or 0) >= p["min_months"]]


# ---------------------------------------------------------------- R07 person-month price
def r07(ctx: Context, p: dict) -> list[Flag]:
    peer = ctx.peers.person_month
    if not peer or peer.get("q75") is None:
        return []
    return [flag("R07", l.sheet, l.row, l.amount_yen, price=yen_ja(l.unit_price_yen),
                 peer=yen_ja(peer["q75"]), price_en=yen_en(l.unit_price_yen), peer_en=yen_en(peer["q75"]))
            for l, _ in ctx.counted()
            if "人月" in text.fold(l.unit) and l.unit_price_yen and l.unit_price_yen > peer["q75"]]


# ---------------------------------------------------------------- R08 per resident
def r08(ctx: Context, p: dict) -> list[Flag]:
    pop = ctx.peers.population
    if not pop:
        return []
    items = reference.load("cost_item").set_index("item_key")
    flags = []
    for item, annual_yen in ctx.annual_by_item.items():
        stats = ctx.peers.items.get(item)
        if not stats or stats.get("p90") is None or not annual_yen:
            continue
        own = annual_yen / pop
        if own > stats["p90"]:
            line = next((l for l, m in ctx.counted() if m.item_key == item), None)
            flags.append(flag("R08", line.sheet if line else None, line.row if line else None,
                              annual_yen, item=items.loc[item, "name_ja"], item_en=items.loc[item, "name_en"],
                              own=f"{own:,.0f}円", peer=f"{stats['p90']:,.0f}円",
                              own_en=f"¥{own:,.0f}", peer_en=f"¥{stats['p90']:,.0f}"))
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


# ---------------------------------------------------------------- R12 the -30% target
def target_yen(baseline_yen: int) -> int:
    return 7 * baseline_yen // 10        # domain.md 7: floor(7 * baseline / 10), integers


def r12(ctx: Context, p: dict) -> list[Flag]:
    if not ctx.baseline_yen:
        return []
    annual_total = sum(ctx.annual_by_item.values())
    target = target_yen(ctx.baseline_yen)
    if annual_total <= target:
        return []
    gap = annual_total - target
    total = next((l for l in ctx.estimate.lines if l.kind == "total"), None)
    sheet = total.sheet if total else (ctx.estimate.sheets[0] if ctx.estimate.sheets else None)
    return [flag("R12", sheet, total.row if total else None, gap,
                 where="見積全体", annual=yen_ja(annual_total), target=yen_ja(target), gap=yen_ja(gap),
                 baseline=yen_ja(ctx.baseline_yen), annual_en=yen_en(annual_total),
                 target_en=yen_en(target), gap_en=yen_en(gap), baseline_en=yen_en(ctx.baseline_yen))]


CHECKS = {"R01": r01, "R02": r02, "R03": r03, "R04": r04, "R05": r05, "R06": r06,
          "R07": r07, "R08": r08, "R09": r09, "R10": r10, "R11": r11, "R12": r12}


def run_all(ctx: Context, rule_ids=None) -> list[Flag]:
    flags = []
    for rule_id in rule_ids or sorted(CHECKS):
        flags.extend(CHECKS[rule_id](ctx, rule(rule_id)["params"]))
    return flags
