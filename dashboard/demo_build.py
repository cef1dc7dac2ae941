"""Build a database from the demo generator: the demo and the test fixtures share this path."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import demo, demo_plan, queries, store
from dashboard.ingest import load


def build(path: Path | str, seed: int = 20250602, scale: int = 1, replace: bool = False) -> dict:
    """The demo database. scale=N (for benchmarks) is a country N times as large: every
    municipality gets N-1 fictional twins (the code with its check digit shifted,
    names marked （複製k）) with their own figures (the original's, each amount off by a few percent),
    so the marts hold N times the organizations' rows, as a larger national database
    would. scale=1 is the demo itself."""
    path = Path(path)
    if not 1 <= scale <= 10:
        raise ValueError("scale must be 1..10 (a check digit has ten values)")
    if replace:
        path.unlink(missing_ok=True)
    data = demo.generate(seed=seed)
    label = f"demo seed={seed} scale={scale} (架空のデモデータ)"
    rng = np.random.default_rng([seed, scale])
    frames = {"costs": data.costs, "drivers": data.drivers, "status": data.status}
    with store.writer(path, create=True) as con:
        if scale > 1:
            clones = twins(con, scale)
            frames = {kind: _with_twins(kind, frame, clones, rng) for kind, frame in frames.items()}
        for kind, frame in frames.items():
            load.apply(con, kind, frame, file_name=label, file_sha256=f"demo-{seed}-{scale}",
                       imported_by="demo", batch_kind="demo")
        for kind, frame in (("funding", demo_plan.funding(seed)), ("events", demo_plan.events())):
            load.apply(con, kind, frame, file_name=label, file_sha256=f"demo-{seed}-{scale}-{kind}",
                       imported_by="demo", batch_kind="demo")
        cost_lines = con.execute("select count(*) from cost_fact").fetchone()[0]
        orgs = con.execute("select count(*) from organization").fetchone()[0]
    return {"organizations": orgs, "cost rows": len(frames["costs"]), "cost lines stored": cost_lines,
            "driver rows": len(frames["drivers"]), "status rows": len(frames["status"])}


def twins(con, scale: int) -> pd.DataFrame:
    """Add scale-1 fictional twins of every municipality; returns (org_code, twin_code)."""
    orgs = con.execute("select * from organization order by org_code").df()
    towns = orgs[orgs["kind"] != "都道府県"]
    added = []
    for k in range(1, scale):
        twin = towns.copy()
        # The real code with its check digit shifted by k: six digits in the same
        # prefecture, never a real code (each 5-digit stem has one check digit).
        twin["twin_code"] = twin["org_code"].str[:5] + twin["org_code"].str[5].map(
            lambda d: str((int(d) + k) % 10))
        twin["name"] = twin["name"] + f"（複製{k}）"
        added.append(twin)
    table = pd.concat(added, ignore_index=True)
    con.register("clone_organization", table.drop(columns="org_code").rename(columns={"twin_code": "org_code"}))
    queries.run_script(con, "demo/clone_organizations")
    con.unregister("clone_organization")
    return table[["org_code", "twin_code"]]


def _with_twins(kind: str, frame: pd.DataFrame, clones: pd.DataFrame, rng) -> pd.DataFrame:
    """The frame plus one copy per twin, amounts (if any) off by a few percent per twin."""
    copies = frame.merge(clones, on="org_code").drop(columns="org_code").rename(columns={"twin_code": "org_code"})
    if "amount_yen" in copies:
        noise = np.exp(rng.normal(0.0, 0.05, len(copies)))
        copies["amount_yen"] = np.rint(copies["amount_yen"].to_numpy() * noise).astype(np.int64)
    return pd.concat([frame, copies[frame.columns]], ignore_index=True)
