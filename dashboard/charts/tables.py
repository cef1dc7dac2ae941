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
    digits = 1 if unit == "oku" else 0
    money = lambda col: (rows[col].astype("float64") / divisor).round(digits).to_list()  # noqa: E731  (NaN = no data)
    ratio = rows["ratio"].astype("float64")
    return pd.DataFrame({
        tr("団体コード", "Code", lang): rows["org_code"].to_list(),
        tr("団体名", "Organization", lang): rows["name"].to_list(),
        tr("区分", "Kind", lang): [labels.kind(k, lang) for k in rows["kind"]],
        tr("人口（令和2年国勢調査）", "Population (2020 census)", lang): rows["population"].astype(int).to_list(),
        tr(f"基準 ({u})", f"Baseline ({u})", lang): money("baseline_yen"),
        tr(f"対象年度 ({u})", f"Chosen year ({u})", lang): money("current_yen"),
        tr("倍率", "Ratio", lang): ratio.round(2).to_list(),
        # A signed change against FY2018 in percent (+ = increase); the page adds the % sign.
        tr("基準年度比 (%)", "Change vs FY2018 (%)", lang): ((ratio - 1) * 100).round(1).to_list(),
        tr("基準超過", "Over baseline", lang): [None if pd.isna(v) else bool(v) for v in rows["over_baseline"]],
        tr("最大の増加要因", "Largest driver", lang): [
            None if pd.isna(c) else f"{c} {n}" for c, n in
            zip(rows["largest_driver_code"], rows["largest_driver_ja" if lang == "ja" else "largest_driver_en"])],
        tr("特定移行支援システム数", "Delayed systems", lang): rows["delayed_systems"].astype(int).to_list(),
    })


def over_baseline(df: pd.DataFrame, *, lang: str = "ja", unit: str = "hyakuman",
                  with_prefecture: bool = True) -> pd.DataFrame:
    """df: pages/org_table → the organizations over their FY2018 baseline, worst first.

    Ranked by excess yen (what the council has to find), with the ratio, the signed change,
    the largest driver (by name) and the delayed systems. Numbers stay numbers, in the chosen
    unit, so the table sorts; the page formats them (column_config) and the pack as text."""
    over = df[df["over_baseline"].fillna(False).astype(bool)].copy()
    over["excess_yen"] = over["current_yen"].astype("int64") - over["baseline_yen"].astype("int64")
    over = over.sort_values(["excess_yen", "org_code"], ascending=[False, True])
    u = i18n.unit_label(unit, lang)
    divisor = i18n.UNITS[unit][0]
    digits = 1 if unit == "oku" else 0
    ratio = over["current_yen"].astype("float64") / over["baseline_yen"].astype("float64")
    names = [(f"{labels.pref_name(p, pn, lang)} " if with_prefecture and k != "都道府県" else "") + n
             for p, pn, n, k in zip(over["pref_code"], over["pref_name"], over["name"], over["kind"])]
    driver_col = "largest_driver_ja" if lang == "ja" else "largest_driver_en"
    return pd.DataFrame({
        tr("順位", "Rank", lang): range(1, len(over) + 1),
        tr("団体", "Organization", lang): names,
        tr("超過額", "Excess", lang) + f" ({u})": (over["excess_yen"] / divisor).round(digits).to_list(),
        tr("倍率", "Ratio", lang): ratio.round(2).to_list(),
        tr("基準年度比", "Change vs FY2018", lang): ((ratio - 1) * 100).round(1).to_list(),
        tr("最大の増加要因", "Largest driver", lang): ["" if pd.isna(n) else n for n in over[driver_col]],
        tr("特定移行支援システム", "Delayed systems", lang): over["delayed_systems"].astype(int).to_list(),
        "org_code": over["org_code"].to_list(),
        "excess_yen": over["excess_yen"].to_list(),           # integer yen, for the spreadsheet
        "baseline_yen": over["baseline_yen"].astype("int64").to_list(),
        "current_yen": over["current_yen"].astype("int64").to_list(),
    })


HIDDEN = ["org_code", "excess_yen", "baseline_yen", "current_yen"]


def over_baseline_text(frame: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The same table as text for slides and the handout: 1.23倍, +23.4%, 1,234."""
    out = frame.drop(columns=HIDDEN).copy()
    ratio_col, change_col = tr("倍率", "Ratio", lang), tr("基準年度比", "Change vs FY2018", lang)
    excess_col = next(c for c in out.columns if str(c).startswith(tr("超過額", "Excess", lang)))
    decimals = 1 if any(isinstance(v, float) and v != round(v) for v in out[excess_col]) else 0
    out[excess_col] = [f"{v:,.{decimals}f}" for v in out[excess_col]]
    out[ratio_col] = [f"{v:.2f}倍" if lang == "ja" else f"{v:.2f}x" for v in out[ratio_col]]
    out[change_col] = [i18n.signed_percent(v / 100) for v in out[change_col]]
    return out.astype(str)
