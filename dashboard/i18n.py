"""Japanese-first labels, 和暦 fiscal years and yen units.

All user-facing wording that is shared between pages, charts and exports is here, so
that the screen and the exported files say the same thing.
"""
from __future__ import annotations

import math

ERAS = ((2019, "令和", "R"), (1989, "平成", "H"), (1926, "昭和", "S"))

UNITS = {  # key: (divisor, JA label, EN label)
    "sen": (1_000, "千円", "thousand yen"),
    "hyakuman": (1_000_000, "百万円", "million yen"),
    "oku": (100_000_000, "億円", "100 million yen"),
}
DEFAULT_UNIT = "hyakuman"

DEMO_NOTICE = {"ja": "架空のデモデータです。実在の団体の数値ではありません。",
               "en": "Fictional demo data (架空のデモデータ), not real figures of any organization."}
BASIS = {"actual": {"ja": "実績", "en": "actual"},
         "budget": {"ja": "予算", "en": "budget"},
         "estimate": {"ja": "見積", "en": "estimate"},
         "projected": {"ja": "見込", "en": "projected"}}
STATUS = {"migrated": {"ja": "移行済", "en": "migrated"},
          "migrating": {"ja": "移行中", "en": "migrating"},
          "delayed": {"ja": "特定移行支援システム", "en": "delayed (special support)"}}


def wareki(fy: int) -> str:
    """令和8年度 for 2026, 令和元年度 for 2019, 平成30年度 for 2018."""
    for start, era, _ in ERAS:
        if fy >= start:
            n = fy - start + 1
            return f"{era}{'元' if n == 1 else n}年度"
    return f"{fy}年度"


def fiscal_year(fy: int, lang: str = "ja") -> str:
    """令和8年度 (2026) in Japanese, FY2026 (R8) in English."""
    if lang == "en":
        for start, _, letter in ERAS:
            if fy >= start:
                return f"FY{fy} ({letter}{fy - start + 1})"
        return f"FY{fy}"
    return f"{wareki(fy)} ({fy})"


def unit_label(unit: str, lang: str = "ja") -> str:
    _, ja, en = UNITS[unit]
    return ja if lang == "ja" else en


def in_unit(yen: int | float | None, unit: str) -> float | None:
    if yen is None or (isinstance(yen, float) and math.isnan(yen)):
        return None
    return yen / UNITS[unit][0]


def money(yen: int | float | None, unit: str = DEFAULT_UNIT, lang: str = "ja",
          with_unit: bool = True) -> str:
    """12,345 百万円: thousands separators, one decimal only for 億円."""
    value = in_unit(yen, unit)
    if value is None:
        return "—"
    text = f"{value:,.1f}" if unit == "oku" else f"{value:,.0f}"
    return f"{text} {unit_label(unit, lang)}" if with_unit else text


def percent(rate: float | None, signed: bool = True) -> str:
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return "—"
    return f"{rate:+.1%}" if signed else f"{rate:.1%}"


def ratio(value: float | None) -> str:
    return "—" if value is None or value != value else f"{value:.2f}倍"
