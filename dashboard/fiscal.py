"""Today's date in Japan, the current fiscal year, and times shown to users (JST, 和暦).

A server may run in UTC; a user in Japan reads times and picks years by Japan's calendar,
so every user-visible time and the default year come from here, never from the server clock.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd

from dashboard import i18n

JST = timezone(timedelta(hours=9), "JST")


def now_jst() -> datetime:
    return datetime.now(JST)


def current_fiscal_year(today: datetime | None = None) -> int:
    """April to March, named by the starting year: 2027-03-31 is FY2026, 2027-04-01 FY2027."""
    d = today or now_jst()
    if d.tzinfo is not None:
        d = d.astimezone(JST)
    return d.year if d.month >= 4 else d.year - 1


def default_year(years: pd.DataFrame | list[int], today: datetime | None = None) -> int | None:
    """The current fiscal year when it has data, else the latest year resting on actuals only,
    else the latest year. `years`: metrics/years rows (fiscal_year, pairs_projected) or a list."""
    if isinstance(years, list):
        years = pd.DataFrame({"fiscal_year": years, "pairs_projected": [0] * len(years)})
    if years.empty:
        return None
    all_years = [int(y) for y in years["fiscal_year"]]
    current = current_fiscal_year(today)
    if current in all_years:
        return current
    actual = [int(y) for y, p in zip(years["fiscal_year"], years["pairs_projected"]) if int(p) == 0]
    return max(actual) if actual else max(all_years)


def era_year(year: int) -> str:
    """令和8年 for calendar 2026 (the 年度 form is i18n.wareki)."""
    return i18n.wareki(year).removesuffix("度")


def jst_text(moment, lang: str = "ja") -> str:
    """令和8年11月27日 13:29 JST (2026-11-27) / 2026-11-27 13:29 JST; naive times are UTC."""
    if moment is None or (not isinstance(moment, datetime) and pd.isna(moment)):
        return "—"
    ts = pd.Timestamp(moment)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    ts = ts.tz_convert(JST)
    if lang == "ja":
        return f"{era_year(ts.year)}{ts.month}月{ts.day}日 {ts:%H:%M} JST ({ts:%Y-%m-%d})"
    return f"{ts:%Y-%m-%d %H:%M} JST"
