"""The disclosure rule for peer aggregates, kept in one place so that the peer charts' own
helper can replace it: a statistic leaves only for a group of at least PEER_MIN_MEMBERS
organizations, rounded to 3 significant figures (an exact value of a small group would
help a reader work back to a member's figure)."""
from __future__ import annotations

import math

from dashboard.config import PEER_MIN_MEMBERS


def round_sig(value: float | None, digits: int = 3) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    if value == 0:
        return 0.0
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def quantiles(members, values: dict) -> dict:
    """{members, name: rounded value or None} — every value withheld below the minimum."""
    members = int(members or 0)
    ok = members >= PEER_MIN_MEMBERS
    return {"members": members, **{k: (round_sig(v) if ok else None) for k, v in values.items()}}
