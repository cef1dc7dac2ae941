"""Demo funding (fictional, 架空) and the real public milestones as timeline events (issue 13).

Funding: デジタル基盤改革支援補助金 paid towards migration with a cap per organization (the cap
and the amounts are invented, deterministic per code), and for some organizations a 特別交付税
amount for running costs. No public per-organization amounts exist (domain.md section 11), so
every row's note says 架空 / fictional.
Events: the milestones the seed names, with their real dates.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard import reference

FICTIONAL = "架空のデモデータ / fictional demo figure"

EVENTS = [
    # (date, fiscal year, kind, title_ja, title_en, note)
    (dt.date(2025, 6, 2), 2025, "policy", "国・地方デジタル共通基盤推進連絡協議会（第3回）",
     "Council for the national-local digital platform (3rd meeting)", "運用経費の増加要因と対策を議論"),
    (dt.date(2025, 6, 16), 2025, "policy", "関係省庁会議「総合的な対策」決定",
     "Inter-ministerial meeting adopts the comprehensive measures", None),
    (dt.date(2026, 3, 31), 2025, "policy", "移行期限（令和7年度末）", "Migration deadline (end of FY2025)",
     "特定移行支援システムを除く"),
]


def events() -> pd.DataFrame:
    return pd.DataFrame({
        "scope": ["national"] * len(EVENTS),
        "event_date": [e[0] for e in EVENTS],
        "fiscal_year": [e[1] for e in EVENTS],
        "kind": [e[2] for e in EVENTS],
        "title_ja": [e[3] for e in EVENTS],
        "title_en": [e[4] for e in EVENTS],
        "note": [e[5] for e in EVENTS],
    })


def funding(seed: int = 20250602) -> pd.DataFrame:
    """Per organization: a migration subsidy FY2024–FY2026 under a cap, and for about a third
    of the municipalities a 特別交付税 amount FY2026–FY2030. All fictional."""
    orgs = reference.organizations()
    rng = np.random.default_rng([seed, 13])
    pop = orgs["population"].to_numpy(dtype=np.float64)
    # cap: a base per organization plus a per-resident part, in thousands of yen
    cap = (np.round((20_000 + 10 * pop ** 0.8) * rng.uniform(0.8, 1.2, len(orgs))) * 1000).astype(np.int64)
    rows = []
    for i, code in enumerate(orgs["org_code"]):
        used = 0
        for year, share in ((2024, 0.35), (2025, 0.45), (2026, 0.15)):
            amount = int(cap[i] * share * rng.uniform(0.7, 1.0)) // 1000 * 1000
            used += amount
            rows.append((code, year, "subsidy", "", amount, int(cap[i])))
        if orgs["kind"].iat[i] != "都道府県" and rng.random() < 0.35:
            grant = int(2_000_000 + pop[i] * rng.uniform(20, 60)) // 1000 * 1000
            rows += [(code, year, "special_grant", "", grant, None) for year in range(2026, 2031)]
    frame = pd.DataFrame(rows, columns=["org_code", "fiscal_year", "source", "system_code",
                                        "amount_yen", "cap_yen"])
    frame["cap_yen"] = frame["cap_yen"].astype("Int64")
    frame["note"] = FICTIONAL
    return frame
