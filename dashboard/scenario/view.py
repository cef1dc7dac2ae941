"""Everything the scenario page and the council pack show for a scope, from one place.

`bundle()` runs the compute module for up to 4 scenarios (the first is the one being edited:
its uncertainty band and tornado are computed) and gathers the stored trajectory by basis,
the funding and subsidy cap, and the timeline events. Pure apart from `fetch` (the query
runner), so the page and the export draw the same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.scenario import compute, data
from dashboard.scenario import levers as lv
from dashboard.scope import Scope

MAX_COMPARED = 4
NEUTRAL_NAME = {"ja": "見込みどおり（全レバー中立）", "en": "As estimated (all levers neutral)"}


@dataclass
class Bundle:
    runs: pd.DataFrame          # scenario × fiscal year
    tornado: pd.DataFrame       # lever, fy2030_reduction_rate_low/high (first scenario)
    base_rate: float | None     # FY2030 reduction rate of the first scenario
    stored: pd.DataFrame        # scenario/trajectory_basis
    events: pd.DataFrame        # timeline/events
    cap: dict                   # scenario/subsidy_cap
    funding: pd.DataFrame       # scenario/funding_by_year
    names: list[str]
    lever_texts: list[str]


def levers_text(levers: dict, lang: str = "ja") -> str:
    """The levers that differ from neutral, in words (stamped on exports and shown on the page)."""
    base, parts, ja = lv.neutral(), [], lang == "ja"
    if levers["fx"] != base["fx"]:
        rates = sorted(set(levers["fx"].values()))
        parts.append(("為替 " if ja else "fx ") + "/".join(f"¥{r:g}" for r in rates))
    c = levers["commitment"]
    if c["share"]:
        parts.append(f"{'長期継続割引' if ja else 'commitments'} {c['share']:.0%}×{c['discount']:.0%}")
    j = levers["joint_use"]
    if j["members"]:
        who = ", ".join(f"{m['select']}≥{m['from_fy']}" for m in j["members"])
        parts.append(f"{'共同利用' if ja else 'joint use'} {who} (-{j['saving_ops']:.0%}/-{j['saving_network']:.0%})")
    if levers["vendor_price"]["pct_per_year"]:
        parts.append(f"{'価格改定' if ja else 'vendor prices'} {levers['vendor_price']['pct_per_year']:+g}%/"
                     f"{'年' if ja else 'yr'}")
    if levers["delayed_migration"]["year"]:
        parts.append(f"{'特定移行支援の移行' if ja else 'delayed systems migrate in'} "
                     f"{i18n.fiscal_year(levers['delayed_migration']['year'], lang)}")
    adopted = [f"{m} {s['adoption']:.0%}≥{s['start_fy']}" for m, s in levers["measures"].items() if s["adoption"]]
    if adopted:
        parts.append(("対策 " if ja else "measures ") + ", ".join(adopted))
    return "、".join(parts) if ja and parts else ", ".join(parts) if parts else \
        ("全レバー中立" if ja else "all levers neutral")


def bundle(fetch, scope: Scope, scenarios: list[tuple[str, dict]], figures: compute.Figures | None = None,
           with_sensitivity: bool = True, lang: str = "ja") -> Bundle:
    scenarios = scenarios[:MAX_COMPARED] or [(NEUTRAL_NAME[lang], lv.neutral())]
    fig = figures or data.load(fetch, scope)
    frames, tornado, base_rate, band = [], pd.DataFrame(), None, None
    for n, (name, levers) in enumerate(scenarios):
        rows = compute.compute(fig, levers)
        if n == 0 and with_sensitivity:
            sens = compute.sensitivity(fig, levers, rows)
            tornado = pd.DataFrame(sens["tornado"])
            band = {b["fiscal_year"]: b for b in sens["band"]}
            base_rate = rows[-1]["reduction_rate"]
        frame = pd.DataFrame(rows)
        frame.insert(0, "scenario", name)
        b = band if n == 0 and band else {r["fiscal_year"]: {"band_low_yen": r["cost_yen"],
                                                             "band_high_yen": r["cost_yen"]} for r in rows}
        frame["band_low_yen"] = [b[y]["band_low_yen"] for y in frame["fiscal_year"]]
        frame["band_high_yen"] = [b[y]["band_high_yen"] for y in frame["fiscal_year"]]
        frames.append(frame)
    cap = fetch("scenario/subsidy_cap", scope).iloc[0].to_dict()
    return Bundle(pd.concat(frames, ignore_index=True), tornado, base_rate,
                  fetch("scenario/trajectory_basis", scope), fetch("timeline/events", scope),
                  {k: int(v) for k, v in cap.items()}, fetch("scenario/funding_by_year", scope),
                  [s[0] for s in scenarios], [levers_text(s[1], lang) for s in scenarios])


def saved_for_export(fetch, scope: Scope, lang: str = "ja") -> list[tuple[str, dict]]:
    """Neutral plus the latest versions of up to 3 scenarios saved for exactly this scope."""
    saved = fetch("scenario/saved_list", scope)
    saved = saved[(saved["scope"] == str(scope)) & saved["is_latest"]].head(MAX_COMPARED - 1)
    return [(NEUTRAL_NAME[lang], lv.neutral())] + [
        (f"{r.name} (#{r.scenario_id} v{r.version})", lv.parse(r.levers_json)) for r in saved.itertuples()]
