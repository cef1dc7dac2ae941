"""Display tables that are not behind a single chart: the organizations of a scope."""
from __future__ import annotations

import pandas as pd

from dashboard import i18n
from dashboard.charts import labels
from dashboard.charts.labels import tr


def organizations(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman",
                  municipalities_only: bool = False) -> pd.DataFrame:
    """df: pages/org_table → one display row per organization (sortable, downloadable)."""
    rows = df[df["kind"] != "都道府県"] if municipalities_only else df
    u = i18n.unit_label(unit, lang)
    divisor = i18n.UNITS[unit][0]
    money = lambda col: (rows[col].astype("float64") / divisor).to_list()  # noqa: E731  (NaN = no data)
    ratio = rows["ratio"].astype("float64")
    return pd.DataFrame({
        tr("団体コード", "Code", lang): rows["org_code"].to_list(),
        tr("団体名", "Organization", lang): rows["name"].to_list(),
        tr("区分", "Kind", lang): [labels.kind(k, lang) for k in rows["kind"]],
        tr("人口（架空）", "Population (synthetic)", lang): rows["population"].astype(int).to_list(),
        tr(f"基準 ({u})", f"Baseline ({u})", lang): money("baseline_yen"),
        tr(f"対象年度 ({u})", f"Chosen year ({u})", lang): money("current_yen"),
        tr("倍率", "Ratio", lang): ratio.round(2).to_list(),
        # A signed change against FY2018 (+ = increase), as a fraction the page formats as %.
        tr("基準年度比", "Change vs FY2018", lang): (ratio - 1).round(4).to_list(),
        tr("基準超過", "Over baseline", lang): [None if pd.isna(v) else bool(v) for v in rows["over_baseline"]],
        tr("最大の増加要因", "Largest driver", lang): [
            None if pd.isna(c) else f"{c} {n}" for c, n in
            zip(rows["largest_driver_code"], rows["largest_driver_ja" if lang == "ja" else "largest_driver_en"])],
        tr("特定移行支援システム数", "Delayed systems", lang): rows["delayed_systems"].astype(int).to_list(),
    })
