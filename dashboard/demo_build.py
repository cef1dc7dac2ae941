"""Build a database from the demo generator: the demo and the test fixtures share this path."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from dashboard import demo, store
from dashboard.ingest import load


def build(path: Path | str, seed: int = 20250602, scale: int = 1, replace: bool = False) -> dict:
    """The demo database. scale=N (for benchmarks) stores N times the cost lines of scale 1
    with the same figures: N-1 earlier survey rounds (every cost line, amounts off by a
    few percent) are imported first as their own batches, then the final figures revise
    them. Revisions are what a national database accumulates over years of imports;
    pages read marts of the current figures, so they see the same rows at any scale."""
    path = Path(path)
    if replace:
        path.unlink(missing_ok=True)
    data = demo.generate(seed=seed)
    label = f"demo seed={seed} scale={scale} (架空のデモデータ)"
    rng = np.random.default_rng([seed, scale])
    with store.writer(path, create=True) as con:
        for round_no in range(1, scale):
            earlier = data.costs.copy()
            noise = np.exp(rng.normal(0.0, 0.04, len(earlier)))
            earlier["amount_yen"] = (np.rint(earlier["amount_yen"].to_numpy() * noise / 1000)
                                     * 1000).astype(np.int64)
            load.apply(con, "costs", earlier, file_name=f"{label} round {round_no}/{scale}",
                       file_sha256=f"demo-{seed}-{scale}-{round_no}", imported_by="demo",
                       batch_kind="demo")
        for kind, frame in (("costs", data.costs), ("drivers", data.drivers), ("status", data.status)):
            load.apply(con, kind, frame, file_name=label, file_sha256=f"demo-{seed}-{scale}",
                       imported_by="demo", batch_kind="demo")
        cost_lines = con.execute("select count(*) from cost_fact").fetchone()[0]
    return {"cost rows": len(data.costs), "cost lines stored": cost_lines,
            "driver rows": len(data.drivers), "status rows": len(data.status)}
