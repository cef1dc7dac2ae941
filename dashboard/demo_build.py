"""Build a database from the demo generator: the demo and the test fixtures share this path."""
from __future__ import annotations

from pathlib import Path

from dashboard import demo, store
from dashboard.ingest import load


def build(path: Path | str, seed: int = 20250602, scale: int = 1, replace: bool = False) -> dict:
    path = Path(path)
    if replace:
        path.unlink(missing_ok=True)
    data = demo.generate(seed=seed, scale=scale)
    label = f"demo seed={seed} scale={scale} (架空のデモデータ)"
    with store.writer(path, create=True) as con:
        for kind, frame in (("costs", data.costs), ("drivers", data.drivers), ("status", data.status)):
            load.apply(con, kind, frame, file_name=label, file_sha256=f"demo-{seed}-{scale}",
                       imported_by="demo", batch_kind="demo")
    return {"cost rows": len(data.costs), "driver rows": len(data.drivers),
            "status rows": len(data.status)}
