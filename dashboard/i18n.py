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


# ---------------------------------------------------------------- the one sign convention
# Every change is stated against FY2018 as a signed percentage with a word: + is an increase,
# − a decrease, and the target is −30%. A "reduction rate" (1 − current/baseline) is never
# printed: its sign is the opposite of the change's, and a councillor cannot tell whether
# minus is good. The real minus sign (U+2212) keeps the figures aligned and readable.
MINUS = "\u2212"
TARGET_CHANGE = -0.30


def signed_percent(change: float | None, digits: int = 1) -> str:
    """+230.5% / −12.0% / ±0.0%: a change against the baseline."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "—"
    text = f"{abs(change) * 100:.{digits}f}%"
    if round(change * 100, digits) == 0:
        return f"±{text}"
    return ("+" if change > 0 else MINUS) + text


def change_word(change: float | None, lang: str = "ja") -> str:
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return ""
    if round(change * 1000) == 0:
        return "（横ばい）" if lang == "ja" else " (flat)"
    if lang == "ja":
        return "（増）" if change > 0 else "（減）"
    return " (increase)" if change > 0 else " (decrease)"


def change(change_rate: float | None, lang: str = "ja", prefix: bool = True) -> str:
    """基準年度比 +230.5%（増） / +230.5% vs FY2018 (increase)."""
    if change_rate is None or (isinstance(change_rate, float) and math.isnan(change_rate)):
        return "—"
    if not prefix:
        return signed_percent(change_rate) + change_word(change_rate, lang)
    if lang == "ja":
        return f"基準年度比 {signed_percent(change_rate)}{change_word(change_rate, lang)}"
    return f"{signed_percent(change_rate)} vs FY2018{change_word(change_rate, lang)}"


def change_of(baseline_yen, current_yen) -> float | None:
    """current / baseline − 1; None without a baseline."""
    if not baseline_yen or (isinstance(baseline_yen, float) and math.isnan(baseline_yen)):
        return None
    return current_yen / baseline_yen - 1


def target_text(lang: str = "ja") -> str:
    return f"基準年度比 {MINUS}30%（3割削減）" if lang == "ja" else f"{MINUS}30% vs FY2018 (a 30% cut)"


def points_to_target(change_rate: float | None) -> float | None:
    """Percentage points still to fall to reach −30% (≤ 0: reached)."""
    return None if change_rate is None else (change_rate - TARGET_CHANGE) * 100


def distance(change_rate: float | None, gap_yen: int, unit: str, lang: str = "ja") -> str:
    """Distance to the target in yen and in points, in plain words."""
    points = points_to_target(change_rate)
    if points is None:
        return "—"
    if gap_yen > 0:
        if lang == "ja":
            return f"3割削減まであと {money(gap_yen, unit, lang)}（{points:.1f}ポイント）"
        return f"{money(gap_yen, unit, lang)} ({points:.1f} points) still to cut to reach {MINUS}30%"
    if lang == "ja":
        return f"3割削減を達成（目標を {money(-gap_yen, unit, lang)}・{-points:.1f}ポイント下回る）"
    return f"{MINUS}30% target reached ({money(-gap_yen, unit, lang)}, {-points:.1f} points below it)"


def plural(n: int, one: str, many: str | None = None) -> str:
    """1 organization / 2 organizations (English only; Japanese has no plural)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
