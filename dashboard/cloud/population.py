"""Population for allocation by population: the real census figures.

data/reference/population.csv (令和2年国勢調査, columns code, population) is the source; a
database built before that file existed falls back to the organization table's population,
and says so (population_source).
"""
from __future__ import annotations

import pandas as pd

from dashboard.config import REFERENCE_DIR

FILE = REFERENCE_DIR / "population.csv"


def table(con) -> tuple[pd.DataFrame, str]:
    if FILE.is_file():
        frame = pd.read_csv(FILE, dtype={"code": str})
        return (pd.DataFrame({"org_code": frame["code"].str.zfill(6),
                              "population": frame["population"].astype("int64")}), FILE.name)
    frame = con.execute("select org_code, population from organization").df()
    return frame, "organization table"
