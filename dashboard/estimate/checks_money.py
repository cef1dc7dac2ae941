"""The rules that weigh money against something outside the lines: R05 exchange rate, R06
commitment discount, R07 person-month price and R08 per resident (peers' aggregates),
R12 the −30% target (the FY2018 baseline). Pure: Context and parameters in, Flags out."""
from __future__ import annotations

import re

from dashboard import reference
from dashboard.estimate import text
from dashboard.estimate.context import Context, _has
from dashboard.estimate.model import Estimate
from dashboard.estimate.rules import Flag, flag, yen_en, yen_ja


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
