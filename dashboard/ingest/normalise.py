"""Giving the strings of a file their meaning: codes, 和暦 years, names, units, amounts.

Every parser takes one cleaned string and returns a value or a `Bad` (reason JA/EN and
a hint). Columns are parsed through `parse_column`, which runs the parser once per
*distinct* value (a national file has ~300k rows but only 20 operations, 12 items and
a few years), so the Python work scales with distinct values, not rows. Amounts, the
one column with many distinct values, take a vectorised fast path for plain integers.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import reference

MIN_FY, MAX_FY = 2000, 2060


@dataclass(frozen=True)
class Bad:
    reason_ja: str
    reason_en: str
    hint: str | None = None


def trim(text) -> str:
    """Strip spaces, including non-breaking and full-width ones (str.strip knows both)."""
    return "" if text is None else str(text).strip()


def fold(text: str) -> str:
    """The comparison form: NFKC (full-width → half-width), lower case, no spaces."""
    return re.sub(r"[\s_\-・･]", "", unicodedata.normalize("NFKC", str(text))).casefold()


# ---------------------------------------------------------------- headers
_HEADERS = {
    "org_code": ["団体コード", "地方公共団体コード", "全国地方公共団体コード", "自治体コード", "org_code",
                 "organization_code", "orgcode"],
    "org_name": ["団体名", "自治体名", "地方公共団体名", "org_name", "organization", "organization_name"],
    "fiscal_year": ["年度", "会計年度", "fiscal_year", "fy", "year"],
    "system": ["業務", "業務名", "業務コード", "対象業務", "system", "system_code", "system_key", "operation"],
    "cost_item": ["費目", "費目名", "経費区分", "cost_item", "item", "item_key"],
    "basis": ["区分", "計上区分", "basis"],
    "amount": ["金額", "amount", "amount_yen", "amount_kyen"],
    "unit": ["単位", "unit"],
    "note": ["備考", "note", "notes", "remark", "remarks"],
    "driver": ["要因コード", "要因", "要因・対策", "要因・対策コード", "増減要因", "driver", "driver_code"],
    "status": ["移行状況", "移行状態", "status"],
    "planned_fy": ["移行予定年度", "移行予定", "planned_fy", "planned_year"],
}
_HEADER_INDEX = {fold(a): f for f, aliases in _HEADERS.items() for a in aliases}
_HEADER_UNIT = re.compile(r"^(.*?)[\(\[（【](円|千円|yen|千|thousandyen|1000yen|kyen)[\)\]）】]$")


@lru_cache(maxsize=512)
def header_field(header: str) -> tuple[str | None, str | None]:
    """(canonical field, unit the header states) for one header cell; (None, None) if unknown."""
    key = fold(header)
    if not key:
        return None, None
    if key in _HEADER_INDEX:
        field = _HEADER_INDEX[key]
        return field, ("sen" if key == "amountkyen" else None)
    m = _HEADER_UNIT.match(key)
    if m and _HEADER_INDEX.get(m.group(1)) == "amount":
        return "amount", "yen" if m.group(2) in ("円", "yen") else "sen"
    return None, None


def suggest_header(header: str) -> str | None:
    close = difflib.get_close_matches(fold(header), list(_HEADER_INDEX), n=1, cutoff=0.5)
    if not close:
        return None
    return next(a for a in _HEADERS[_HEADER_INDEX[close[0]]] if fold(a) == close[0])


# ---------------------------------------------------------------- column driver
def parse_column(series: pd.Series, parser) -> tuple[pd.Series, pd.Series]:
    """(values, problems): each distinct value of `series` parsed once with `parser`.

    `problems` holds a Bad where parsing failed and None elsewhere.
    """
    codes, uniques = pd.factorize(series, sort=False)
    parsed = [parser(trim(u)) for u in uniques]
    bad = np.array([isinstance(p, Bad) for p in parsed] + [False], dtype=bool)
    vals = np.array([None if isinstance(p, Bad) else p for p in parsed] + [None], dtype=object)
    probs = np.array([p if isinstance(p, Bad) else None for p in parsed] + [None], dtype=object)
    idx = np.where(codes < 0, len(parsed), codes)
    problems = probs[idx] if bad.any() else np.full(len(series), None, dtype=object)
    return pd.Series(vals[idx], index=series.index), pd.Series(problems, index=series.index)


# ---------------------------------------------------------------- organizations
@lru_cache(maxsize=1)
def _orgs() -> tuple[dict, dict]:
    names = reference.org_names()
    by5 = {code[:5]: code for code in names}
    return names, by5


def parse_org_code(text: str):
    """6-digit code (check digit verified) or 5-digit code; full-width digits allowed.

    A workbook that stored 010006 as a number shows 10006: if that is no 5-digit code
    but 0 + it is a valid 6-digit one, we take the latter (Excel dropped the zero).
    """
    names, by5 = _orgs()
    s = re.sub(r"[\s\-‐－]", "", unicodedata.normalize("NFKC", text))
    if s == "":
        return Bad("団体コードが空です", "organization code is empty")
    if not s.isdigit():
        return Bad("団体コードは数字（6桁または5桁）で入力してください", "organization code must be 6 or 5 digits")
    if len(s) == 6:
        if s in names:
            return s
        right = s[:5] + str(reference.check_digit(s[:5]))
        if s[:5] in by5:
            return Bad("団体コードの検査数字（6桁目）が違います", "wrong check digit (6th digit)",
                       f"正しくは {right}（{names[right]}）/ did you mean {right} ({names[right]})?")
        return Bad("団体コードが見つかりません", "unknown organization code")
    if len(s) == 5:
        if s in by5:
            return by5[s]
        if "0" + s in names:
            return "0" + s
        return Bad("団体コード（5桁）が見つかりません", "unknown 5-digit organization code")
    if len(s) == 4 and "0" + s in by5:          # a 5-digit code that lost its leading zero
        return by5["0" + s]
    return Bad("団体コードは6桁（検査数字付き）または5桁です", "organization code must have 6 or 5 digits")


# ---------------------------------------------------------------- fiscal years
_ERA = {"r": 2018, "令和": 2018, "令": 2018, "h": 1988, "平成": 1988, "平": 1988}
_WAREKI = re.compile(r"^(令和|平成|令|平|r|h)\.?(元|\d{1,2})(年度|年)?$")
_WESTERN = re.compile(r"^(?:fy)?(\d{4})(?:年度|年)?$")


def parse_fiscal_year(text: str):
    s = fold(text)
    if s == "":
        return Bad("年度が空です", "fiscal year is empty")
    if (m := _WESTERN.match(s)):
        fy = int(m.group(1))
    elif (m := _WAREKI.match(s)):
        n = 1 if m.group(2) == "元" else int(m.group(2))
        fy = _ERA[m.group(1)] + n
        if n == 0:
            return Bad("年度が不正です", "invalid fiscal year")
    else:
        if re.fullmatch(r"\d{4}\.0", s):       # a year typed into a number cell
            return parse_fiscal_year(s[:4])
        return Bad("年度を読み取れません（例: 2018, H30, 平成30年度, R7, 令和元年度）",
                   "cannot read the fiscal year (e.g. 2018, H30, 平成30年度, R7, 令和元年度)")
    if not MIN_FY <= fy <= MAX_FY:
        return Bad(f"年度が範囲外です（{MIN_FY}〜{MAX_FY}）", f"fiscal year out of range ({MIN_FY}-{MAX_FY})")
    return fy


def parse_planned_fy(text: str):
    return None if trim(text) == "" else parse_fiscal_year(text)


# ---------------------------------------------------------------- names and codes
def _strip_brackets(text: str) -> str:
    return re.sub(r"[（(【\[].*?[）)】\]]", "", text)


@lru_cache(maxsize=1)
def _system_index() -> dict[str, str]:
    idx = {}
    for r in reference.load("system").itertuples():
        for alias in (r.system_code, str(int(r.system_code)), r.system_key, r.name_ja, r.name_en,
                      f"{r.system_code}{r.name_ja}", f"{int(r.system_code)}{r.name_ja}"):
            idx[fold(alias)] = r.system_code
    return idx


def parse_system(text: str):
    s = fold(text)
    if s == "":
        return Bad("業務が空です", "operation is empty")
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    hit = _system_index().get(s) or _system_index().get(fold(_strip_brackets(text)))
    if hit:
        return hit
    names = reference.load("system")["name_ja"].tolist()
    close = difflib.get_close_matches(unicodedata.normalize("NFKC", text).strip(), names, n=3, cutoff=0.3)
    hint = ("候補 / did you mean: " + "、".join(close)) if close else \
        "業務コード01〜20、キー、または業務名 / code 01-20, key or name"
    return Bad("業務が不明です", "unknown operation", hint)


@lru_cache(maxsize=1)
def _item_index() -> dict[str, str]:
    idx = {}
    for r in reference.load("cost_item").itertuples():
        for alias in (r.item_key, r.name_ja, r.short_name_ja, _strip_brackets(r.name_ja), r.name_en):
            idx[fold(alias)] = r.item_key
    return idx


def parse_cost_item(text: str):
    s = fold(text)
    if s == "":
        return Bad("費目が空です", "cost item is empty")
    hit = _item_index().get(s) or _item_index().get(fold(_strip_brackets(text)))
    if hit:
        return hit
    names = reference.load("cost_item")["short_name_ja"].tolist()
    close = difflib.get_close_matches(unicodedata.normalize("NFKC", text).strip(), names, n=3, cutoff=0.3)
    return Bad("費目が不明です", "unknown cost item",
               ("候補 / did you mean: " + "、".join(close)) if close else None)


_BASIS = {"実績": "actual", "決算": "actual", "予算": "budget", "見積": "estimate", "見積り": "estimate",
          "見積もり": "estimate", "actual": "actual", "budget": "budget", "estimate": "estimate"}


def parse_basis(text: str):
    hit = _BASIS.get(fold(text))
    return hit or Bad("区分は 実績・予算・見積 のいずれかです", "basis must be 実績/予算/見積 (actual/budget/estimate)")


@lru_cache(maxsize=1)
def _driver_index() -> dict[str, str]:
    idx = {}
    for r in reference.load("driver").itertuples():
        for alias in (r.driver_code, r.name_ja, r.name_en):
            idx[fold(alias)] = r.driver_code
    return idx


def parse_driver(text: str):
    s = fold(text)
    if s == "":
        return Bad("要因コードが空です", "driver code is empty")
    hit = _driver_index().get(s)
    if hit is None and (m := re.match(r"^([sfem]\d{2,3})", s)):   # "S01 新たな経費…" from the drop-down
        hit = _driver_index().get(m.group(1))
    return hit or Bad("要因コードが不明です（例: S01, F02, E01, M101）", "unknown driver code (e.g. S01, F02, E01, M101)")


_STATUS = {"移行済": "migrated", "移行済み": "migrated", "移行完了": "migrated", "migrated": "migrated",
           "移行中": "migrating", "migrating": "migrating",
           "特定移行支援": "delayed", "特定移行支援システム": "delayed", "delayed": "delayed"}


def parse_status(text: str):
    return _STATUS.get(fold(text)) or Bad("移行状況は 移行済・移行中・特定移行支援 のいずれかです",
                                          "status must be 移行済/移行中/特定移行支援 (migrated/migrating/delayed)")


_UNITS = {"円": "yen", "yen": "yen", "": None, "千円": "sen", "千": "sen", "thousandyen": "sen",
          "1000yen": "sen", "kyen": "sen"}


def parse_unit(text: str):
    s = fold(text)
    if s in _UNITS:
        return _UNITS[s]
    return Bad("単位は 円 または 千円 です", "unit must be 円 (yen) or 千円 (thousand yen)")


# ---------------------------------------------------------------- amounts
_AMOUNT = re.compile(r"^([-−‐－△▲]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_PLAIN_INT = r"-?\d{1,15}"
_GROUPED_INT = r"-?\d{1,3}(?:,\d{3}){1,4}"


def parse_amount_text(text: str):
    """(sign, integer part, decimals) of an amount, or Bad."""
    s = re.sub(r"[\s円¥￥]", "", unicodedata.normalize("NFKC", text).replace("△", "\0").replace("▲", "\0"))
    s = s.replace("\0", "-")
    if s == "":
        return Bad("金額が空です", "amount is empty")
    m = _AMOUNT.match(s)
    if not m:
        return Bad("金額を数値として読み取れません", "amount is not a number")
    sign = -1 if m.group(1) else 1
    if len(m.group(2).replace(",", "")) > 15:
        return Bad("金額が大きすぎます", "amount is too large")
    return sign, int(m.group(2).replace(",", "")), m.group(3) or ""


def amounts_to_yen(series: pd.Series, factor: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(amount in integer yen, problems) for raw amount strings and a per-row factor (1 or 1000).

    Vectorised for the shapes that make up nearly every file (`1234`, `1,234`, `-1,234`,
    `△1,234`); the rest (full-width digits, decimals in 千円, 円 suffixes, errors) goes
    through parse_amount_text one by one.
    """
    s = series.str.strip().str.replace(r"^[△▲−‐－]", "-", regex=True)
    grouped = s.str.fullmatch(_GROUPED_INT).fillna(False).to_numpy()
    if grouped.any():
        s = s.where(~grouped, s.str.replace(",", "", regex=False))
    simple = s.str.fullmatch(_PLAIN_INT).fillna(False).to_numpy()
    out = np.zeros(len(s), dtype="int64")
    problems = np.full(len(s), None, dtype=object)
    f = factor.to_numpy(dtype="int64")
    if simple.any():
        out[simple] = s[simple].astype("int64").to_numpy() * f[simple]
    rest = np.flatnonzero(~simple)
    texts = s.to_numpy(dtype=object)
    for i in rest:
        parsed = parse_amount_text(texts[i])
        if isinstance(parsed, Bad):
            problems[i] = parsed
            continue
        sign, whole, decimals = parsed
        scaled = int(decimals.ljust(3, "0")[:3]) if f[i] == 1000 else 0
        if decimals.strip("0") and (f[i] == 1 or len(decimals.rstrip("0")) > 3):
            problems[i] = Bad("金額は円単位の整数で入力してください（小数は不可）",
                              "amount must be whole yen (no fractions)")
            continue
        out[i] = sign * (whole * f[i] + scaled)
    return pd.Series(out, index=series.index), pd.Series(problems, index=series.index)
