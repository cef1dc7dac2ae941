"""Synthetic demo data (架空のデモデータ): costs, driver attributions and migration status.

Nothing here is a real figure of any organization. The model, calibrated in
dashboard/demo_model.py to the public figures of docs/demo-data.md:
- 市/政令指定都市/中核市/特別区 run all 20 operations, 町/村 18 (not 16, 19), and the 47
  prefectures run 16 and 19 for their 町村部.
- FY2018 baseline: per-capita cost falling steeply with population, split across operations
  and the pre-migration cost items; before migration the cost drifts slowly (E01/E02).
- Migration in FY2023-2025, or FY2026-2028 for 特定移行支援システム ('delayed'); the migration
  year mixes old and new costs plus dual running; afterwards the cost is baseline × M. M by
  organization (median ≈ 2, 東京都 ≈ 1.6, 山口県 ≈ 3.6, 中核市 mean ≈ 2.3 up to ≈ 5.7, a few
  decreases); a pair's excess M − 1 scaled by its operation's drivers (dashboard/demo_drivers.py:
  software-heavy operations rise most) and by a prefecture × operation effect. The drivers also
  set the post-migration item mix (hardware into the cloud fee, each driver's money into its
  items); gc_* items exist only from the migration year on, hw_* only up to it.
- Countermeasures cut the new cost by e_{p,s} · ramp(y) over FY2026-2030 (by prefecture and
  operation; a few prefectures reach -30%).
- Bases: actual for FY2018-2025 (plus budget FY2025 for ~20% of organizations), budget for
  FY2026 (plus estimate for ~30%), estimate for FY2027-2030.
- Drivers per pair and year: ~85-95% of the change C − B is attributed: the savings over 2-4
  M-codes, the rest over the pair's S01 and 5-7 factors in the proportions that made it rise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import demo_drivers
from dashboard import demo_model as P
from dashboard import reference


@dataclass
class DemoData:
    costs: pd.DataFrame     # org_code, fiscal_year, system_code, item_key, basis, amount_yen
    drivers: pd.DataFrame   # org_code, fiscal_year, system_code, driver_code, amount_yen
    status: pd.DataFrame    # org_code, system_code, status, planned_fy


SYSTEMS = np.array([f"{i:02d}" for i in range(1, 21)])
YEARS = np.array(P.YEARS)
BASES = np.array(["actual", "budget", "estimate"])
ITEMS = np.array(P.ITEMS)
DRIVER_CODES = np.array(("S01",) + P.FACTORS + P.MEASURES)


def _ln(rng, sd, size, mu=0.0):
    return np.exp(rng.normal(mu, sd, size))


def _vec(mapping, keys, default=0.0):
    return np.array([mapping.get(k, default) for k in keys], dtype=float)


def _round(x):
    return (np.rint(np.asarray(x, dtype=float) / P.ROUND_YEN) * P.ROUND_YEN).astype(np.int64)


def _split(rng, total, weights, ks):
    """Split each total over k (drawn from ks) codes picked by weight, Dirichlet shares."""
    n = total.size
    w = np.broadcast_to(weights, (n, weights.shape[-1]))
    with np.errstate(divide="ignore"):
        keys = np.log(w) + rng.gumbel(size=w.shape)
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    sel = (rank < rng.choice(ks, size=n)[:, None]) & (w > 0)
    gam = rng.gamma(np.where(sel, 2.0 * np.maximum(w, 1e-9), 1.0)) * sel
    return total[:, None] * gam / gam.sum(axis=1, keepdims=True)


def _strings(values: np.ndarray, index: np.ndarray) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(index, values)).astype("str")


def _frame(cols: dict) -> pd.DataFrame:
    return pd.DataFrame(cols)


@dataclass
class _Pairs:
    """The organizations and the organization × operation pairs they run."""
    orgs: pd.DataFrame
    kind: np.ndarray
    pop: np.ndarray
    pref_i: np.ndarray      # prefecture index 0..46 of each organization
    is_pref: np.ndarray
    is_core: np.ndarray
    po: np.ndarray          # organization index of each pair (sorted by organization, operation)
    ps: np.ndarray          # operation index of each pair

    @property
    def n_o(self) -> int:
        return len(self.orgs)

    @property
    def n_p(self) -> int:
        return self.po.size

    @property
    def p_pref(self) -> np.ndarray:
        return self.is_pref[self.po]


@dataclass
class _Paths:
    """Yearly cost per pair (float): the old systems' part and the new systems' part."""
    pre_part: np.ndarray
    post_part: np.ndarray
    post_nm: np.ndarray     # the new part before countermeasures
    before: np.ndarray      # year before the pair's migration year
    in_mig: np.ndarray      # the migration year itself
    g_pre: np.ndarray       # pre-migration drift per pair
    t: np.ndarray           # years since FY2018


def generate(seed: int = 20250602) -> DemoData:
    """Generate the demo data; deterministic for a given seed. The steps below draw from one
    random generator in a fixed order (changing the order changes every figure)."""
    rng = np.random.default_rng(seed)
    pairs = _pairs(reference.organizations().reset_index(drop=True))
    base = _baseline(rng, pairs)
    weights = demo_drivers.pair_weights(rng, pairs.ps)
    m_pair, extremes = _multipliers(rng, pairs)
    mig_year, status = _migration(rng, pairs, extremes)
    paths = _cost_paths(rng, pairs, base, m_pair, mig_year)
    post_mix = demo_drivers.post_mix(weights, m_pair, tuple(ITEMS))
    costs, mask, amounts = _costs(rng, pairs, paths, post_mix)
    drivers = _drivers(rng, pairs, base, paths, mask, amounts, weights)
    return DemoData(costs=costs, drivers=drivers, status=_status_frame(pairs, status, mig_year))


def _pairs(orgs: pd.DataFrame) -> _Pairs:
    """Which organization runs which operation: cities all 20, towns and villages 18 (not 16,
    19), prefectures 16 and 19 for their 町村部."""
    kind = orgs["kind"].to_numpy()
    is_pref, is_town = kind == "都道府県", np.isin(kind, P.TOWN_KINDS)
    pref_run = np.isin(SYSTEMS, P.RUN_BY_PREFECTURE)
    runs = np.ones((len(orgs), 20), dtype=bool)
    runs[is_town] = ~pref_run
    runs[is_pref] = pref_run
    po, ps = np.nonzero(runs)
    # The census population (令和2年): 双葉町 is 0, its whole town evacuated in October 2020,
    # yet it still runs its systems; a floor keeps its synthetic cost finite.
    return _Pairs(orgs, kind, np.maximum(orgs["population"].to_numpy(dtype=float), P.MIN_POPULATION),
                  orgs["pref_code"].astype(int).to_numpy() - 1, is_pref, kind == "中核市", po, ps)


def _baseline(rng, w: _Pairs) -> np.ndarray:
    """FY2018 per pair: per-capita cost falling with population, split over operations; the
    prefectures' own 16 and 19 sized by the population of their towns and villages."""
    n_o, n_p, po, ps = w.n_o, w.n_p, w.po, w.ps
    is_town = np.isin(w.kind, P.TOWN_KINDS)
    per_capita = P.PER_CAPITA_K * P.PER_CAPITA_AT_10K * (w.pop / 1e4) ** P.PER_CAPITA_EXP
    total_o = w.pop * per_capita * _ln(rng, P.BASELINE_SD, n_o)
    wt = _vec(P.SYSTEM_WEIGHT, SYSTEMS)[ps] * _ln(rng, P.SYSTEM_WEIGHT_SD, n_p)
    base = total_o[po] * wt / np.bincount(po, weights=wt, minlength=n_o)[po]
    town_pop = np.bincount(w.pref_i[is_town], weights=w.pop[is_town], minlength=47)
    b16 = P.PREF_16_AT_250K * (np.maximum(town_pop, 2e4) / 2.5e5) ** P.PREF_16_EXP
    b16 = b16[w.pref_i[po]] * _ln(rng, 0.2, n_p)
    return np.where(w.p_pref, np.where(SYSTEMS[ps] == "16", b16, b16 * P.PREF_19_SHARE
                                       * _ln(rng, 0.2, n_p)), base)


def _multipliers(rng, w: _Pairs) -> tuple[np.ndarray, np.ndarray]:
    """The post-migration multiplier M per pair, and the survey's extreme core cities. M_org
    by prefecture and organization (core cities calibrated to the 中核市市長会 survey); a pair's
    excess M − 1 is the organization's × its operation's driver level × a prefecture ×
    operation effect (the vendor a prefecture's municipalities share) × noise. Decreases stay
    decreases."""
    n_o, n_p, pref_i = w.n_o, w.n_p, w.pref_i
    mu_p = np.log(P.M_MEDIAN) + rng.normal(0, P.M_PREF_SD, 47)
    for code, med in P.M_PREF_MEDIAN.items():
        mu_p[int(code) - 1] = np.log(med)
    # The lognormal's far tail would put a few towns at −35% already in the estimates; the
    # pilots found configurations a few percent cheaper, so decreases stop at M_DECREASE's floor.
    m_org = np.maximum(np.exp(mu_p[pref_i] + rng.normal(0, P.M_ORG_SD, n_o)), P.M_DECREASE[0])
    dec = rng.random(n_o) < P.M_DECREASE_P
    m_org[dec] = rng.uniform(*P.M_DECREASE, dec.sum())
    core = np.flatnonzero(w.is_core)
    m_core = np.exp(np.log(P.M_CORE_MEDIAN) + mu_p[pref_i[core]] - np.log(P.M_MEDIAN)
                    + rng.normal(0, P.M_CORE_SD, core.size))
    m_core = np.maximum(m_core, 1.05)
    top = np.argmax(m_core)
    m_core[top] = P.M_CORE_MAX
    low = rng.choice(np.delete(np.arange(core.size), top), P.M_CORE_DECREASES, replace=False)
    m_core[low] = rng.uniform(*P.M_DECREASE, low.size)
    m_org[core] = m_core
    x = m_org[w.po] - 1.0
    shared = _ln(rng, P.M_PREF_SYSTEM_SD, (47, 20))[pref_i[w.po], w.ps]
    rise = 1.0 + x * demo_drivers.level()[w.ps] * shared * _ln(rng, P.SYSTEM_M_SD, n_p)
    fall = np.minimum(m_org[w.po] * _ln(rng, P.M_DECREASE_PAIR_SD, n_p), 0.99)
    m_pair = np.where(x > 0, rise, fall)
    m_pair[w.p_pref] = rng.uniform(*P.M_PREF_RUN, w.p_pref.sum())
    return m_pair, core[[top, *low]]


def _migration(rng, w: _Pairs, extremes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Migration year and status per pair: organizations with a 特定移行支援システム, bigger
    ones more often; the survey's extremes fully migrated."""
    n_o, n_p, po = w.n_o, w.n_p, w.po
    p_org = _vec(P.DELAYED_ORG_P, w.kind) + P.DELAYED_ORG_POP_SLOPE * (np.log10(w.pop) - 4.5)
    delayed_org = rng.random(n_o) < np.clip(p_org, 0.05, 0.95)
    delayed_org[extremes] = False
    delayed = (rng.random(n_p) < P.DELAYED_SYSTEM_P) & delayed_org[po]
    start = np.searchsorted(po, np.arange(n_o))
    count = np.bincount(po, minlength=n_o)
    need = np.flatnonzero(delayed_org & (np.bincount(po, weights=delayed, minlength=n_o) == 0))
    delayed[start[need] + (rng.random(need.size) * count[need]).astype(int)] = True
    mig_year = np.where(delayed, rng.choice(P.DELAYED_YEARS, n_p, p=P.DELAYED_YEAR_P),
                        rng.choice(P.MIGRATED_YEARS, n_p, p=P.MIGRATED_YEAR_P))
    status = np.where(delayed, "delayed", "migrated").astype(object)
    status[delayed & (mig_year == 2026) & (rng.random(n_p) < P.MIGRATING_P)] = "migrating"
    return mig_year, status


def _cost_paths(rng, w: _Pairs, base, m_pair, mig_year) -> _Paths:
    """Yearly totals per pair, before and after countermeasures: slow drift before the
    migration, old and new costs plus dual running in its year, baseline × M after."""
    n_p = w.n_p
    t = (YEARS - 2018)[None, :]
    g_pre = rng.uniform(*P.PRE_DRIFT, n_p)
    pre = base[:, None] * (1 + g_pre)[:, None] ** t \
        * _ln(rng, P.YEAR_NOISE_SD, (n_p, YEARS.size))
    pre[:, 0] = base
    since = np.maximum(YEARS[None, :] - mig_year[:, None], 0)
    post_nm = (base * m_pair)[:, None] * (1 + rng.uniform(*P.POST_DRIFT, n_p))[:, None] ** since \
        * _ln(rng, P.YEAR_NOISE_SD, (n_p, YEARS.size))
    before, in_mig = YEARS[None, :] < mig_year[:, None], YEARS[None, :] == mig_year[:, None]
    phi = rng.uniform(*P.MIGRATED_SHARE, n_p)[:, None]
    dual = rng.uniform(*P.DUAL_RUNNING, n_p)[:, None]
    pre_part = np.where(before, pre, np.where(in_mig, pre * (1 - phi + dual), 0.0))
    post_nm = np.where(before, 0.0, np.where(in_mig, post_nm * phi, post_nm))
    effect = rng.uniform(*P.EFFECT_LOW, 47)
    high = rng.choice(np.delete(np.arange(47), 34), P.EFFECT_HIGH_N, replace=False)
    effect[high] = rng.uniform(*P.EFFECT_HIGH, high.size)
    effect = np.minimum(effect[:, None] * _ln(rng, P.EFFECT_SYSTEM_SD, (47, 20)), P.EFFECT_MAX)
    ramp = np.array([P.RAMP.get(int(y), 0.0) for y in YEARS])
    post_part = post_nm * (1 - effect[w.pref_i[w.po], w.ps][:, None] * ramp[None, :])
    return _Paths(pre_part, post_part, post_nm, before, in_mig, g_pre, t)


def _costs(rng, w: _Pairs, paths: _Paths, post_mix: np.ndarray
           ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Cost lines: item shares per pair with yearly noise (rows only where an item belongs),
    the old systems' mix before migration, the drivers' mix (post_mix) after it, on their
    bases; returns the lines, and the item mask and amounts the drivers need."""
    n_p, n_o, po, ps = w.n_p, w.n_o, w.po, w.ps

    def shares(mix, pair_sd):
        s = mix * _ln(rng, pair_sd, (n_p, 1, ITEMS.size)) \
            * _ln(rng, P.MIX_YEAR_SD, (n_p, YEARS.size, ITEMS.size))
        return s / s.sum(axis=2, keepdims=True)
    amounts = _round(paths.pre_part[..., None] * shares(_vec(P.PRE_MIX, ITEMS)[None, None, :],
                                                        P.MIX_PAIR_SD)
                     + paths.post_part[..., None] * shares(post_mix[:, None, :], 0.0))
    mask = ((paths.pre_part > 0)[..., None] & (_vec(P.PRE_MIX, ITEMS) > 0)) \
        | ((paths.post_part > 0)[..., None] & (post_mix > 0)[:, None, :])
    pi, yi, ii = np.nonzero(mask)
    amt = amounts[pi, yi, ii]
    bi = np.where(YEARS[yi] <= 2025, 0, np.where(YEARS[yi] == 2026, 1, 2))
    parts = [(pi, yi, ii, bi, amt)]
    bud_org = rng.random(n_o) < P.BUDGET_2025_ORG_P
    est_org = rng.random(n_o) < P.ESTIMATE_2026_ORG_P
    for year, orgsel, basis, (mu, sd) in ((2025, bud_org, 1, P.BUDGET_2025_NOISE),
                                          (2026, est_org, 2, P.ESTIMATE_2026_NOISE)):
        r = np.flatnonzero((YEARS[yi] == year) & orgsel[po[pi]])
        parts.append((pi[r], yi[r], ii[r], np.full(r.size, basis),
                      _round(amt[r] * _ln(rng, sd, r.size, mu))))
    cp, cy, ci, cb, ca = (np.concatenate(x) for x in zip(*parts))
    order = np.lexsort((cb, ci, cy, cp))
    cp, cy, ci, cb, ca = cp[order], cy[order], ci[order], cb[order], ca[order]
    costs = _frame({"org_code": _strings(w.orgs["org_code"].to_numpy(), po[cp]),
                    "fiscal_year": YEARS[cy].astype(np.int64),
                    "system_code": _strings(SYSTEMS, ps[cp]),
                    "item_key": _strings(ITEMS, ci), "basis": _strings(BASES, cb),
                    "amount_yen": ca.astype(np.int64)})
    return costs, mask, amounts


def _drivers(rng, w: _Pairs, base, paths: _Paths, mask, amounts, weights) -> pd.DataFrame:
    """Driver attributions on the best basis, pair × year FY2019-2030: the savings over 2-4
    countermeasures, the rest of the explained change over the pair's own drivers in the
    proportions that made its cost rise (demo_drivers), S02 heavier in the migration year."""
    n_p, po, ps = w.n_p, w.po, w.ps
    before, in_mig, t, g_pre = paths.before, paths.in_mig, paths.t, paths.g_pre
    total = np.where(mask, amounts, 0).sum(axis=2)                       # (n_p, years)
    saving = _round(paths.post_part - paths.post_nm)
    delta = total - total[:, :1]
    n_y = YEARS.size - 1
    sl = np.s_[:, 1:]
    post_phase = ~before[sl].ravel()
    frac = rng.uniform(*P.EXPLAINED, n_p * n_y)
    d, sv = delta[sl].ravel(), saving[sl].ravel()
    # Factors = the attributed share of the change, less the savings; before the migration,
    # the expected drift only (its noise stays unattributed).
    drift = (base[:, None] * ((1 + g_pre)[:, None] ** t - 1))[sl].ravel()
    g = np.where(post_phase, frac * d - sv, frac * drift)
    D = np.zeros((n_p * n_y, DRIVER_CODES.size))
    nf = len(P.FACTORS)
    r = np.flatnonzero(post_phase & (g > 0))
    wts = weights[r // n_y]
    mig = in_mig[sl].ravel()[r]
    wts[mig, 1] += P.DUAL_RUNNING_S02 * wts[mig].sum(axis=1)            # S02: dual running
    D[r, :1 + nf] = g[r, None] * wts / wts.sum(axis=1, keepdims=True)
    r = np.flatnonzero(~post_phase & (g > 0))                            # drift: E01/E02
    D[r, 1:1 + nf] = _split(rng, g[r], _vec({"E01": 1, "E02": 1, "E03": .1}, P.FACTORS), (2,))
    mcol = 1 + nf + np.arange(len(P.MEASURES))
    r = np.flatnonzero(post_phase & (g < 0))                             # decreases
    D[r[:, None], mcol] += _split(rng, g[r], _vec(
        dict.fromkeys(P.DECREASE_MEASURES, 1.0), P.MEASURES), (2,))
    r = np.flatnonzero(sv < 0)
    tt = ((np.tile(YEARS[1:], n_p)[r] - 2026) / 4.0)[:, None]
    mw = (1 - tt) * _vec(P.MEASURE_EARLY, P.MEASURES, P.MEASURE_OTHER) \
        + tt * _vec(P.MEASURE_LATE, P.MEASURES, P.MEASURE_OTHER)
    D[r[:, None], mcol] += _split(rng, sv[r].astype(float), mw, P.MEASURE_K)
    D = _round(D)
    ri, di = np.nonzero(D)
    dp, dy = ri // n_y, ri % n_y + 1
    return _frame({"org_code": _strings(w.orgs["org_code"].to_numpy(), po[dp]),
                   "fiscal_year": YEARS[dy].astype(np.int64),
                   "system_code": _strings(SYSTEMS, ps[dp]),
                   "driver_code": _strings(DRIVER_CODES, di),
                   "amount_yen": D[ri, di]})


def _status_frame(w: _Pairs, status: np.ndarray, mig_year: np.ndarray) -> pd.DataFrame:
    status_df = _frame({"org_code": w.orgs["org_code"].to_numpy()[w.po].astype(str),
                        "system_code": SYSTEMS[w.ps], "status": status.astype(str),
                        "planned_fy": pd.array(mig_year, dtype="Int64")})
    return status_df.astype({"org_code": "str", "system_code": "str", "status": "str"})
