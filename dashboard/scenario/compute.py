"""The scenario arithmetic: stored figures + levers → figures per year (docs/scenarios.md).

Pure: no Streamlit, no database. `Figures` holds the scope's stored figures as dense
arrays (pair × year × item), built once per scope by dashboard/scenario/data.py; every
lever move is then a few vector operations over them, fast enough to rerun as a slider
moves (tests/bench/bench_scenario.py).

Rounding rule (one rounding per organization × operation × item × year): every lever is a
factor on a stored amount; the factors of one row are multiplied together in double
precision, the stored integer amount is multiplied by that product once, and the result
is rounded once to the nearest yen, halves up (`floor(x + 0.5)`; amounts are never
negative). All sums above that row are exact integer sums. With every lever neutral each
factor is exactly 1.0, so the scenario equals the stored figures to the yen.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dashboard.scenario import levers as lv

FIRST_FY, LAST_FY = 2025, 2030       # FY2025 is read too: a later migration repeats it
OUT_YEARS = lv.YEARS
ITEMS = ("sw_lease", "sw_maint", "hw_lease", "hw_maint", "datacenter", "network", "gc_usage",
         "gc_network", "ops_work", "hw_work", "gc_ops", "outsourcing")
FACTORS = ("S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10",
           "F01", "F02", "F03")


@dataclass
class Figures:
    """Stored figures of one scope, FY2025–FY2030, pairs sorted by organization."""
    org_codes: np.ndarray      # [O] organization codes with at least one pair
    org_pref: np.ndarray       # [O] prefecture codes
    org_kind: np.ndarray       # [O] kinds (都道府県 … 村)
    org_pop: np.ndarray        # [O] population
    pair_org: np.ndarray       # [P] index into org_codes (non-decreasing)
    amount: np.ndarray         # [P, Y, I] int64 current yen per item on the best basis
    present: np.ndarray        # [P, Y] bool: matched pair-year (docs/metrics.md)
    baseline: np.ndarray       # [P] int64 FY2018 actual per pair
    planned_fy: np.ndarray     # [P] int: planned year of a 特定移行支援 pair, 0 otherwise
    factors: np.ndarray        # [P, Y, F] int64 factor attributions (S01–F03)
    funding: np.ndarray        # [Y] int64 funding of the scope's organizations per year
    unmatched_cash: np.ndarray  # [Y] int64 cash of pairs without a FY2018 baseline
    measure_map: dict          # factor code → tuple of measure codes that answer it
    effects: dict              # measure code → expected effect rate (reference table)

    @property
    def years(self) -> np.ndarray:
        return np.arange(FIRST_FY, LAST_FY + 1)

    def org_starts(self) -> np.ndarray:
        if len(self.pair_org) == 0:          # a scope with no cost figures (e.g. bills only)
            return np.zeros(0, np.int64)
        return np.flatnonzero(np.r_[True, self.pair_org[1:] != self.pair_org[:-1]])


def item_factors(levers: dict) -> np.ndarray:
    """[Y, I] factors of the levers that act on items alike for every organization."""
    par = lv.parameters()
    k = np.ones((LAST_FY - FIRST_FY + 1, len(ITEMS)))
    u, base = par["usd_linked_share"], par["base_yen_per_usd"]
    c = levers["commitment"]
    pct = levers["vendor_price"]["pct_per_year"]
    for row, year in enumerate(range(FIRST_FY, LAST_FY + 1)):
        fx = levers["fx"].get(year, base)
        k[row, ITEMS.index("gc_usage")] = (1 - u + u * fx / base) * (1 - c["share"] * c["discount"])
        vendor = (1 + pct / 100) ** (year - FIRST_FY)
        k[row, ITEMS.index("sw_lease")] = vendor
        k[row, ITEMS.index("sw_maint")] = vendor
    return k


def member_from(fig: Figures, members: list[dict]) -> np.ndarray:
    """[O] first fiscal year of joint use per organization (a large year when never)."""
    first = np.full(len(fig.org_codes), 9999)
    for member in members:
        select, year = member["select"], member["from_fy"]
        if select == "all":
            hit = np.ones(len(first), bool)
        else:
            kind, value = select.split(":", 1)
            if kind == "org":
                hit = fig.org_codes == value
            elif kind == "pref":
                hit = fig.org_pref == value
            elif kind == "kind":
                hit = fig.org_kind == value
            else:
                low, high = value.split("-")
                hit = (fig.org_pop >= int(low or 0)) & (fig.org_pop < int(high or 10**12))
        first = np.where(hit, np.minimum(first, year), first)
    return first


def factor_shrink(fig: Figures, levers: dict) -> np.ndarray:
    """[Y, F] share of each factor amount removed: 1 - Π(1 - adoption × effect) over the
    active measures that answer the factor (section 6 map)."""
    effects = fig.effects
    keep = np.ones((LAST_FY - FIRST_FY + 1, len(FACTORS)))
    for f, factor in enumerate(FACTORS):
        for m in fig.measure_map.get(factor, ()):
            setting = levers["measures"][m]
            active = np.arange(FIRST_FY, LAST_FY + 1) >= setting["start_fy"]
            keep[active, f] *= 1 - setting["adoption"] * effects[m]
    return 1 - keep


def source_years(fig: Figures, year: int | None, rows: np.ndarray) -> np.ndarray:
    """[len(rows), Y] the stored year index each scenario year of the delayed pairs `rows`
    takes its profile from: the pair's profile shifts by (lever year − planned year)."""
    n_years = LAST_FY - FIRST_FY + 1
    src = np.broadcast_to(np.arange(n_years), (len(rows), n_years))
    shifted = np.clip(src - (year - fig.planned_fy[rows])[:, None], 0, n_years - 1)
    ok = np.take_along_axis(fig.present[rows], shifted, axis=1)
    return np.where(ok, shifted, src)


def _cache(fig: Figures) -> dict:
    """Arrays derived once per Figures (hence once per scope and snapshot: the page caches
    the Figures): every lever move and every tornado end reuses them."""
    cache = fig.__dict__.setdefault("_cache", {})
    if "amount_f" not in cache:
        cache["amount_f"] = fig.amount.astype(np.float64)   # exact: every yen amount < 2**53
        # factor amounts year-major [Y, P, F], so each year's matrix product reads one block
        cache["factor_t"] = np.ascontiguousarray(
            np.clip(fig.factors, 0, None).astype(np.float64).transpose(1, 0, 2))
        cache["total"] = fig.amount.sum(axis=2)
        cache["delayed"] = np.flatnonzero(fig.planned_fy > 0)
        cache["moved"] = {}
    return cache


def _stored(fig: Figures, year: int | None, rows: np.ndarray | None):
    """(amounts as float [P,Y,I], positive factor amounts [Y,P,F], pair totals [P,Y]) per
    scenario year FY2026– of the pairs `rows` (None: all), with the delayed pairs' profiles
    moved when the delayed_migration lever is set (kept for the last two years asked).
    The factor amounts come as a function: only the measures lever needs them."""
    cache = _cache(fig)
    arrays = (cache["amount_f"], cache["factor_t"], cache["total"])
    if year is not None and len(cache["delayed"]):
        if year not in cache["moved"]:
            moved = cache["delayed"]
            src = source_years(fig, year, moved)
            amount_f, factor_t, total = (a.copy() for a in arrays)
            amount_f[moved] = np.take_along_axis(amount_f[moved], src[:, :, None], axis=1)
            factor_t[:, moved] = np.take_along_axis(factor_t[:, moved], src.T[:, :, None], axis=0)
            total[moved] = np.take_along_axis(total[moved], src, axis=1)
            while len(cache["moved"]) >= 2:
                cache["moved"].pop(next(iter(cache["moved"])))
            cache["moved"][year] = (amount_f, factor_t, total)
        arrays = cache["moved"][year]
    amount_f, factor_t, total = arrays

    def factor():
        return factor_t[1:] if rows is None else factor_t[1:, rows]
    if rows is not None:
        amount_f, total = amount_f[rows], total[rows]
    return amount_f[:, 1:], factor, total[:, 1:]


def amounts(fig: Figures, levers: dict, rows: np.ndarray | None = None,
            cols: list[int] | None = None) -> np.ndarray:
    """[P, Y, I] scenario yen per organization × operation × item × year FY2026–FY2030
    (the one rounding). `rows`/`cols` restrict it to some pairs and items: the tornado
    recomputes only what a lever can change."""
    base, factor, total = _stored(fig, levers["delayed_migration"]["year"], rows)
    cols = list(range(len(ITEMS))) if cols is None else cols
    if len(cols) < len(ITEMS):
        base = base[:, :, cols]
    shrink = factor_shrink(fig, levers)[1:]
    mult = np.empty(base.shape)
    mult[:] = item_factors(levers)[None, 1:, cols]
    if shrink.any():
        f = factor()
        saving = np.stack([f[y] @ shrink[y] for y in range(shrink.shape[0])], axis=1)
        keep = np.ones(total.shape)
        positive = total > 0
        keep[positive] = np.clip(1 - saving[positive] / total[positive], 0, None)
        mult *= keep[:, :, None]
    j = levers["joint_use"]
    if j["members"]:
        pair_org = fig.pair_org if rows is None else fig.pair_org[rows]
        joined = (fig.years[None, 1:] >= member_from(fig, j["members"])[pair_org][:, None])
        for item, param in (("gc_ops", "saving_ops"), ("gc_network", "saving_network")):
            if ITEMS.index(item) in cols:
                mult[:, :, cols.index(ITEMS.index(item))] *= np.where(joined, 1 - j[param], 1.0)
    mult *= base
    mult += 0.5
    np.floor(mult, out=mult)
    return mult.astype(np.int64)


def target_yen(baseline_yen: int) -> int:
    """docs/metrics.md: target_yen = floor(7 * baseline / 10), in integers."""
    return 7 * baseline_yen // 10


def compute(fig: Figures, levers: dict) -> list[dict]:
    """Per fiscal year FY2026–FY2030: the section 7 metrics on the scenario's figures,
    recomputed here once because the marts' over_baseline/on_target rules are defined on
    stored figures: over baseline when ΣC > ΣB, on target when 10·ΣC ≤ 7·ΣB, for
    organizations with a matched baseline above 0."""
    pair_total = amounts(fig, levers).sum(axis=2)
    present = fig.present[:, 1:]
    matched_total = np.where(present, pair_total, 0)
    matched_base = np.where(present, fig.baseline[:, None], 0)
    starts = fig.org_starts()
    if len(starts):
        org_cur = np.add.reduceat(matched_total, starts, axis=0)
        org_base = np.add.reduceat(matched_base, starts, axis=0)
        org_rep = np.add.reduceat(present.astype(np.int64), starts, axis=0) > 0
    else:
        org_cur = org_base = np.zeros((0, len(OUT_YEARS)), np.int64)
        org_rep = np.zeros((0, len(OUT_YEARS)), bool)
    rows = []
    for y, year in enumerate(OUT_YEARS):
        cost, base = int(matched_total[:, y].sum()), int(matched_base[:, y].sum())
        has = org_rep[:, y] & (org_base[:, y] > 0)
        cash = int(pair_total[:, y].sum()) + int(fig.unmatched_cash[y + 1])
        rows.append({
            "fiscal_year": int(year),
            "baseline_yen": base,
            "cost_yen": cost,
            "reduction_rate": None if base == 0 else 1 - cost / base,
            "target_yen": target_yen(base),
            "gap_to_target_yen": cost - target_yen(base),
            "orgs_reporting": int(org_rep[:, y].sum()),
            "orgs_over_baseline": int((has & (org_cur[:, y] > org_base[:, y])).sum()),
            "orgs_on_target": int((has & (10 * org_cur[:, y] <= 7 * org_base[:, y])).sum()),
            "cash_yen": cash,
            "funding_yen": int(fig.funding[y + 1]),
            "net_burden_yen": cash - int(fig.funding[y + 1]),
        })
    return rows


# What each lever can change: (items, only the 特定移行支援 pairs?). None = every item.
REACH = {"fx": (["gc_usage"], False), "commitment": (["gc_usage"], False),
         "joint_use": (["gc_ops", "gc_network"], False), "vendor_price": (["sw_lease", "sw_maint"], False),
         "delayed_migration": (None, True), "measures": (None, False)}


def _matched_sum(fig: Figures, values: np.ndarray, rows) -> np.ndarray:
    present = fig.present[:, 1:] if rows is None else fig.present[rows, 1:]
    return np.where(present, values.sum(axis=2), 0).sum(axis=0)


def cost_by_year(fig: Figures, levers: dict, key: str, base_levers: dict,
                 base_cost: list[int]) -> list[int]:
    """The scope's matched cost per year FY2026–FY2030 with `levers`, which differ from
    `base_levers` in lever `key` only: the rows that lever cannot reach keep their rounded
    amounts, so only its items (or its pairs) are recomputed, by the same formula."""
    items, delayed_only = REACH[key]
    cols = None if items is None else [ITEMS.index(i) for i in items]
    rows = _cache(fig)["delayed"] if delayed_only else None
    new = _matched_sum(fig, amounts(fig, levers, rows, cols), rows)
    if cols is None and rows is None:
        return [int(n) for n in new]
    memo = _cache(fig).setdefault("reach_base", {})
    memo_key = (key, repr(base_levers))
    if memo_key not in memo:
        memo.clear()
        memo[memo_key] = _matched_sum(fig, amounts(fig, base_levers, rows, cols), rows)
    old = memo[memo_key]
    return [int(c) + int(n) - int(o) for c, n, o in zip(base_cost, new, old)]


def lever_ends(levers: dict, key: str) -> tuple[dict, dict]:
    """`levers` with lever `key` moved to the low and to the high end of its range."""
    ends = []
    for end in ("low", "high"):
        out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in levers.items()}

        def value(param, lever=key):
            return lv._range(lever, param)[1 if end == "low" else 2]
        if key == "fx":
            out["fx"] = {y: value("yen_per_usd") for y in OUT_YEARS}
        elif key == "commitment":
            out["commitment"] = {"share": value("share"), "discount": value("discount")}
        elif key == "joint_use":
            members = levers["joint_use"]["members"] or [{"select": "all", "from_fy": int(value("from_fy"))}]
            out["joint_use"] = {"members": members if end == "high" else [],
                                "saving_ops": value("saving_ops"), "saving_network": value("saving_network")}
        elif key == "vendor_price":
            out["vendor_price"] = {"pct_per_year": value("pct_per_year")}
        elif key == "delayed_migration":
            out["delayed_migration"] = {"year": int(value("year"))}
        elif key == "measures":
            out["measures"] = {m: {"adoption": value("adoption"), "start_fy": s["start_fy"]}
                               for m, s in levers["measures"].items()}
        ends.append(out)
    return ends[0], ends[1]


def sensitivity(fig: Figures, levers: dict, base_rows: list[dict] | None = None) -> dict:
    """Tornado and uncertainty band: each lever alone at the low and high end of its range
    (the others as in `levers`). The band combines the levers' swings per year as a root
    sum of squares (independent uncertainties), rounded outward to whole yen."""
    base_rows = base_rows or compute(fig, levers)
    tornado, down, up = [], np.zeros(len(base_rows), object), np.zeros(len(base_rows), object)
    down[:], up[:] = 0, 0
    baseline = base_rows[-1]["baseline_yen"]
    for key in lv.KEYS:
        base_cost = [r["cost_yen"] for r in base_rows]
        # an end the scenario already sits at (e.g. no measures adopted: the low end) costs
        # what the scenario costs; skipping it saves a full recompute for measures
        low, high = (base_cost if end[key] == levers[key] else cost_by_year(fig, end, key, levers, base_cost)
                     for end in lever_ends(levers, key))
        tornado.append({"lever": key,
                        "fy2030_reduction_rate_low": None if not baseline else 1 - low[-1] / baseline,
                        "fy2030_reduction_rate_high": None if not baseline else 1 - high[-1] / baseline,
                        "fy2030_cost_low_yen": low[-1],
                        "fy2030_cost_high_yen": high[-1]})
        for i, row in enumerate(base_rows):
            ends = (low[i], high[i])
            down[i] += max(0, row["cost_yen"] - min(ends)) ** 2
            up[i] += max(0, max(ends) - row["cost_yen"]) ** 2
    band = [{"fiscal_year": row["fiscal_year"],
             "band_low_yen": row["cost_yen"] - _isqrt_up(int(down[i])),
             "band_high_yen": row["cost_yen"] + _isqrt_up(int(up[i]))}
            for i, row in enumerate(base_rows)]
    tornado.sort(key=lambda t: -abs((t["fy2030_reduction_rate_high"] or 0)
                                    - (t["fy2030_reduction_rate_low"] or 0)))
    return {"tornado": tornado, "band": band}


def _isqrt_up(n: int) -> int:
    root = math.isqrt(n)
    return root if root * root == n else root + 1
