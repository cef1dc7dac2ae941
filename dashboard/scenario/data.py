"""Reading a scope's stored figures into the dense arrays the compute module works on.

Every value comes through the page queries in queries/scenario/*.sql via the one loader,
so the scope filter and the access check are the same as on every other page. Built once
per scope and snapshot (the page caches it); the compute module never reads the database.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard import queries, reference
from dashboard.scenario import levers as lv
from dashboard.scenario.compute import FACTORS, FIRST_FY, ITEMS, LAST_FY, Figures
from dashboard.scope import Scope


def fetcher(con):
    """A query runner on one connection, shaped like the chart catalog's `fetch`."""
    def fetch(name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        return queries.run(con, name, scope, **params)
    return fetch


def measure_effects(fetch) -> dict[str, float]:
    """The committed effect rates, with national users' edits on top (newest wins)."""
    effects = dict(lv.measure_effects())
    edited = fetch("scenario/measure_effects")
    effects.update(zip(edited["measure_code"], edited["effect_rate"].astype(float)))
    return effects


def load(con_or_fetch, scope: Scope) -> Figures:
    """`con_or_fetch`: a connection, or a fetch(name, scope, **params) (the app's cached one)."""
    fetch = fetcher(con_or_fetch) if hasattr(con_or_fetch, "execute") else con_or_fetch
    span = {"first_fy": FIRST_FY, "last_fy": LAST_FY}
    rows = fetch("scenario/pair_years", scope, **span)
    orgs = fetch("scenario/orgs", scope)
    n_years = LAST_FY - FIRST_FY + 1

    pairs = rows[["org_code", "system_code"]].drop_duplicates().reset_index(drop=True)
    pair_index = pd.MultiIndex.from_frame(pairs)
    p = pair_index.get_indexer(pd.MultiIndex.from_frame(rows[["org_code", "system_code"]]))
    y = rows["fiscal_year"].to_numpy(dtype=np.int64) - FIRST_FY
    amount = np.zeros((len(pairs), n_years, len(ITEMS)), np.int64)
    amount[p, y, :] = rows[[f"{i}_yen" for i in ITEMS]].to_numpy(dtype=np.int64)
    present = np.zeros((len(pairs), n_years), bool)
    present[p, y] = True
    baseline = np.zeros(len(pairs), np.int64)
    baseline[p] = rows["baseline_yen"].to_numpy(dtype=np.int64)

    org_codes = pairs["org_code"].drop_duplicates().to_numpy(dtype=object)
    org_pos = pd.Index(org_codes).get_indexer(pairs["org_code"])
    attrs = orgs.set_index("org_code").reindex(org_codes)

    factors = np.zeros((len(pairs), n_years, len(FACTORS)), np.int64)
    f_rows = fetch("scenario/pair_factors", scope, **span)
    if len(f_rows):
        fp = pair_index.get_indexer(pd.MultiIndex.from_frame(f_rows[["org_code", "system_code"]]))
        ok = fp >= 0
        fy = f_rows["fiscal_year"].to_numpy(dtype=np.int64) - FIRST_FY
        ff = pd.Index(FACTORS).get_indexer(f_rows["driver_code"])
        np.add.at(factors, (fp[ok], fy[ok], ff[ok]), f_rows["amount_yen"].to_numpy(dtype=np.int64)[ok])

    planned = np.zeros(len(pairs), np.int64)
    status = fetch("scenario/pair_status", scope)
    if len(status):
        sp = pair_index.get_indexer(pd.MultiIndex.from_frame(status[["org_code", "system_code"]]))
        ok = sp >= 0
        planned[sp[ok]] = status["planned_fy"].to_numpy(dtype=np.int64)[ok]

    cash = fetch("scenario/cash_by_year", scope, **span)
    cmap = reference.load("countermeasure_map")
    return Figures(
        org_codes=org_codes,
        org_pref=attrs["pref_code"].to_numpy(dtype=object),
        org_kind=attrs["kind"].to_numpy(dtype=object),
        org_pop=attrs["population"].to_numpy(dtype=np.int64),
        pair_org=org_pos.astype(np.int64),
        amount=amount, present=present, baseline=baseline, planned_fy=planned,
        factors=factors,
        funding=cash["funding_yen"].to_numpy(dtype=np.int64),
        unmatched_cash=cash["unmatched_cash_yen"].to_numpy(dtype=np.int64),
        measure_map={f: tuple(g["measure_code"]) for f, g in cmap.groupby("factor_code")},
        effects=measure_effects(fetch),
    )
