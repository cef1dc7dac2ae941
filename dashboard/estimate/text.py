"""Text and number helpers for vendor estimates: full-width digits, △ negatives, 千円, periods."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_SPACE = re.compile(r"\s+")
_NEGATIVE = ("△", "▲", "-", "－", "−", "ー")


def fold(value) -> str:
    """NFKC (full-width digits and letters → ASCII), trimmed, inner whitespace removed."""
    if value is None:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(value))).strip()


def clean(value) -> str:
    """The text of a cell as a person reads it (NFKC, whitespace collapsed)."""
    if value is None:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()


def key(text: str) -> str:
    """Matching key of a description: folded, lower case, brackets unified."""
    return fold(text).lower().replace("【", "[").replace("】", "]")


def number(value) -> Decimal | None:
    """A number from a cell: 1,234 / １，２３４ / △1,234 / ▲1,234 / (1,234) / ¥1,234円.
    None for empty or non-numeric text."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and value != value:
            return None
        return Decimal(str(value))
    text = fold(value)
    for junk in (",", "円", "¥", "\\", "$"):
        text = text.replace(junk, "")
    if not text:
        return None
    sign = 1
    if text[0] in _NEGATIVE and len(text) > 1:
        sign, text = -1, text[1:]
    elif text.startswith("(") and text.endswith(")"):
        sign, text = -1, text[1:-1]
    try:
        return sign * Decimal(text)
    except InvalidOperation:
        return None


_PERIOD = re.compile(r"(\d+(?:\.\d+)?)\s*(ヶ月|か月|カ月|ケ月|箇月|月|ヵ月|年|months?|years?)?", re.I)


def months(value) -> int | None:
    """A period in months: 60 / 60ヶ月 / 5年 / 12か月 → 60, 60, 60, 12."""
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return int(value) if value > 0 else None
    match = _PERIOD.search(fold(value))
    if not match:
        return None
    n = Decimal(match.group(1))
    unit = (match.group(2) or "").lower()
    if unit.startswith(("年", "year")):
        n *= 12
    return int(n) if n > 0 else None


_SHEET_PERIOD = re.compile(r"(\d+)(ヶ月|か月|カ月|ケ月|箇月|ヵ月|年間|年分)")


def period_hint(text: str) -> int | None:
    """A period stated in a title or header: 60か月 / 5年間 → 60; 年額 → 12; 月額 → 1."""
    folded = fold(text)
    match = _SHEET_PERIOD.search(folded)
    if match:
        n = int(match.group(1))
        return n * 12 if match.group(2).startswith("年") else n
    if "年額" in folded:
        return 12
    return None


def thousand_yen(text: str) -> bool:
    return "千円" in fold(text)


def tax_basis(text: str) -> str | None:
    """'incl' (税込), 'excl' (税抜/税別) or None when the text says neither."""
    if "税" not in text:                 # every wording below has it (and NFKC keeps it)
        return None
    folded = fold(text)
    incl = any(k in folded for k in ("税込", "消費税込", "税込み", "内税"))
    excl = any(k in folded for k in ("税抜", "税別", "消費税抜", "税抜き", "外税", "消費税別"))
    if incl and not excl:
        return "incl"
    if excl and not incl:
        return "excl"
    return None
