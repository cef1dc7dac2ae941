"""The demo's post-migration increase, built from the drivers (増減要因) that explain it.

One set of weights per organization × operation pair drives three things, so that the factor
page, the cost items and the trajectories tell one story (issue 12, "a realistic demo"):
- how much the operation rises: its level, the sum of its drivers' intensities × tilts
  (software-heavy operations rise most), relative to the average operation;
- where the money lands: each driver's share of the increase goes to its items
  (demo_model.DRIVER_ITEMS), on top of the baseline carried over to the new items (CARRY);
- the attributions: the explained change of each pair-year is split over the same weights.
All calibration numbers live in dashboard/demo_model.py.
"""
from __future__ import annotations

import numpy as np

from dashboard import demo_model as P

SYSTEMS = tuple(f"{i:02d}" for i in range(1, 21))
DRIVERS = P.INCREASE_DRIVERS


def intensity() -> np.ndarray:
    """(20 operations, drivers): each driver's intensity × the operation's tilt."""
    base = np.array([P.DRIVER_INTENSITY[d] for d in DRIVERS], dtype=float)
    tilt = np.ones((len(SYSTEMS), len(DRIVERS)))
    for j, d in enumerate(DRIVERS):
        if d in P.SOFTWARE_DRIVERS:
            tilt[:, j] = [P.SOFTWARE_TILT[s] for s in SYSTEMS]
        elif d in P.CLOUD_DRIVERS:
            tilt[:, j] = [P.CLOUD_TILT.get(s, 1.0) for s in SYSTEMS]
    return base[None, :] * tilt


def level() -> np.ndarray:
    """(20,): each operation's excess M − 1 relative to the average operation, the average
    weighted by the operations' share of a baseline (so the national totals keep their
    calibration while the operations spread)."""
    total = intensity().sum(axis=1)
    weight = np.array([P.SYSTEM_WEIGHT[s] for s in SYSTEMS], dtype=float)
    return total / np.average(total, weights=weight)


def pair_weights(rng, ps: np.ndarray) -> np.ndarray:
    """(pairs, drivers): the operation's intensities with the pair's own noise; S01 (the new
    Government Cloud costs) always, and k of the other factors drawn by weight (an estimate
    names a handful of causes, not all fifteen)."""
    w = intensity()[ps] * np.exp(rng.normal(0.0, P.DRIVER_PAIR_SD, (ps.size, len(DRIVERS))))
    keys = np.log(w[:, 1:]) + rng.gumbel(size=(ps.size, len(DRIVERS) - 1))
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    w[:, 1:] *= rank < rng.choice(P.FACTOR_K, size=ps.size)[:, None]
    return w


def _matrix(mapping: dict, rows, items) -> np.ndarray:
    out = np.zeros((len(rows), len(items)))
    for i, row in enumerate(rows):
        for item, share in mapping.get(row, {row: 1.0}).items():
            out[i, items.index(item)] = share
    return out


def post_mix(weights: np.ndarray, m_pair: np.ndarray, items: tuple) -> np.ndarray:
    """(pairs, items) shares of the post-migration cost: the baseline's mix carried over
    (hardware into the cloud fee) plus the excess M − 1 spread by the pair's drivers; a pair
    that gets cheaper keeps the carried mix, scaled down."""
    pre = np.array([P.PRE_MIX.get(i, 0.0) for i in items])
    carried = pre @ _matrix(P.CARRY, items, items)
    by_driver = _matrix(P.DRIVER_ITEMS, DRIVERS, items)
    share = weights / weights.sum(axis=1, keepdims=True)
    excess = np.maximum(m_pair - 1.0, 0.0)[:, None]
    amounts = carried[None, :] + excess * (share @ by_driver)
    return amounts / amounts.sum(axis=1, keepdims=True)
