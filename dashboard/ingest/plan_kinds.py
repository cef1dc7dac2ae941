"""The `funding` and `events` import kinds (issue 13), registered into the one pipeline.

They go through the same read → normalise → validate → load path as costs, drivers and
status (all or nothing, row-level JA/EN errors, revisions, rollback). A file is recognised
from its columns: 財源 / source → funding; 件名 / title_ja or 種別 / event_kind → events.
Everything specific to the two kinds lives here; validate.py calls `post_check` once.

funding: 団体コード, 年度, 財源 (デジタル基盤改革支援補助金 / 特別交付税 / 普通交付税算入 / その他),
  金額, optional 業務, 上限額 / cap, 単位, 備考.
events: 日付 / date and/or 年度, 対象範囲 / scope (全国, 都道府県名 or pref:NN, 団体コード or
  org:CODE), 件名 / title_ja, 件名（英語） / title_en, 種別 / event_kind, optional 備考.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from dashboard import reference
from dashboard.ingest import normalise as nz
from dashboard.scope import Scope

HEADERS = {
    "source": ["財源", "財源区分", "source", "funding_source"],
    "cap": ["上限額", "補助上限額", "cap", "cap_yen"],
    "event_date": ["日付", "年月日", "date", "event_date"],
    "event_scope": ["対象範囲", "範囲", "scope"],
    "title_ja": ["件名", "件名（日本語）", "title_ja", "title"],
    "title_en": ["件名（英語）", "英語件名", "title_en"],
    "event_kind": ["種別", "event_kind", "kind"],
}
LABEL = {"source": "財源", "cap": "上限額", "event_date": "日付", "event_scope": "対象範囲",
         "title_ja": "件名", "title_en": "件名（英語）", "event_kind": "種別"}
SOURCES = {"デジタル基盤改革支援補助金": "subsidy", "補助金": "subsidy", "subsidy": "subsidy",
           "特別交付税": "special_grant", "特交": "special_grant", "special_grant": "special_grant",
           "普通交付税算入": "ordinary_grant", "普通交付税": "ordinary_grant", "ordinary_grant": "ordinary_grant",
           "その他": "other", "other": "other"}
EVENT_KINDS = {"仕様改定": "spec_revision", "spec_revision": "spec_revision", "価格改定": "price_change",
               "price_change": "price_change", "為替": "exchange_rate", "exchange_rate": "exchange_rate",
               "政策": "policy", "policy": "policy", "メモ": "note", "note": "note"}


def parse_source(text: str):
    return SOURCES.get(nz.fold(text)) or SOURCES.get(text.strip()) or nz.Bad(
        "財源は デジタル基盤改革支援補助金・特別交付税・普通交付税算入・その他 のいずれかです",
        "source must be デジタル基盤改革支援補助金 (subsidy), 特別交付税 (special grant), "
        "普通交付税算入 (ordinary grant) or その他 (other)")


def parse_optional_system(text: str):
    return "" if nz.trim(text) == "" else nz.parse_system(text)


def parse_cap(text: str):
    if nz.trim(text) == "":
        return None
    parsed = nz.parse_amount_text(text)
    if isinstance(parsed, nz.Bad):
        return parsed
    sign, whole, decimals = parsed
    if sign < 0 or decimals.strip("0"):
        return nz.Bad("上限額は0以上の円単位の整数です", "cap must be whole yen, not negative")
    return whole


def parse_event_date(text: str):
    s = unicodedata.normalize("NFKC", nz.trim(text))
    if s == "":
        return None
    m = re.fullmatch(r"(令和|平成|R|H)?\s*(元|\d{1,4})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?(?:\s+00:00:00)?", s)
    if m:
        era, year, month, day = m.groups()
        year = 1 if year == "元" else int(year)
        if era:
            year += 2018 if era in ("令和", "R") else 1988
        try:
            return dt.date(year, int(month), int(day))
        except ValueError:
            pass
    return nz.Bad("日付を読み取れません（例: 2025-06-02, 令和7年6月2日）",
                  "cannot read the date (e.g. 2025-06-02, 令和7年6月2日)")


def parse_event_scope(text: str):
    s = nz.trim(text)
    if nz.fold(s) in ("全国", "national", "国"):
        return "national"
    m = re.fullmatch(r"(pref|org):(\d+)", s)
    if m:
        try:
            return str(Scope(m.group(1), m.group(2).zfill(2) if m.group(1) == "pref" else m.group(2)))
        except ValueError:
            pass
    for code, name in reference.prefecture_names().items():
        if s == name:
            return f"pref:{code}"
    org = nz.parse_org_code(s) if re.fullmatch(r"[0-9０-９]{5,6}", s) else None
    if isinstance(org, str):
        return f"org:{org}"
    return nz.Bad("対象範囲は 全国・都道府県名（pref:NN）・団体コード（org:CODE）のいずれかです",
                  "scope must be 全国 (national), a prefecture name or pref:NN, or an organization code")


def parse_event_kind(text: str):
    return EVENT_KINDS.get(nz.fold(text)) or EVENT_KINDS.get(text.strip()) or nz.Bad(
        "種別は 仕様改定・価格改定・為替・政策・メモ のいずれかです",
        "kind must be 仕様改定, 価格改定, 為替, 政策 or メモ (spec revision, price change, exchange rate, policy, note)")


def parse_title(text: str):
    s = nz.trim(text)
    if not s or len(s) > 120:
        return nz.Bad("件名は1〜120文字です", "a title needs 1 to 120 characters")
    return s


def register(v) -> None:
    """Add the two kinds to validate.py's tables (called once, at its import)."""
    for field, aliases in HEADERS.items():
        nz._HEADERS[field] = aliases
        nz._HEADER_INDEX.update({nz.fold(a): field for a in aliases})
    nz.header_field.cache_clear()
    v.REQUIRED.update({"funding": ("org_code", "fiscal_year", "source", "amount"),
                       "events": ("event_scope", "title_ja", "title_en", "event_kind")})
    v.OPTIONAL.update({"funding": ("system", "cap", "unit", "note", "org_name"),
                       "events": ("event_date", "fiscal_year", "note")})
    v.KEYS.update({"funding": ["org_code", "fiscal_year", "source", "system_code"],
                   "events": ["scope", "fiscal_year", "event_date", "title_ja"]})
    v.KIND_MARKER.update({"source": "funding", "title_ja": "events", "event_kind": "events"})
    v.LABEL.update(LABEL)
    v.PARSERS.update({"source": (parse_source, "source"), "cap": (parse_cap, "cap_yen"),
                      "event_date": (parse_event_date, "event_date"),
                      "event_scope": (parse_event_scope, "scope"), "title_ja": (parse_title, "title_ja"),
                      "title_en": (parse_title, "title_en"), "event_kind": (parse_event_kind, "kind")})
    v.KIND_PARSERS.update({("funding", "system"): (parse_optional_system, "system_code"),
                           ("events", "fiscal_year"): (nz.parse_planned_fy, "fiscal_year")})
    v.POST_CHECKS.update({"funding": _funding, "events": _events})
    v.KEY_FIELDS.update({("org_code", "fiscal_year", "source", "system_code"):
                         ("org_code", "fiscal_year", "source", "system"),
                         ("scope", "fiscal_year", "event_date", "title_ja"):
                         ("event_scope", "fiscal_year", "event_date", "title_ja")})


def _funding(out, fields: dict, result: dict, allowed) -> None:
    n = len(out.table.frame)
    if "system_code" not in result:
        result["system_code"] = pd.Series([""] * n, index=out.table.frame.index)
    if "cap_yen" not in result:
        result["cap_yen"] = pd.Series([None] * n, index=out.table.frame.index, dtype="object")
    result["cap_yen"] = result["cap_yen"].astype("Int64")
    amounts = result.get("amount_yen")
    if amounts is not None:
        out.rows((amounts < 0).to_numpy(), fields["amount"], "財源の金額に負の値は使えません",
                 "a funding amount cannot be negative")


def _events(out, fields: dict, result: dict, allowed) -> None:
    index = out.table.frame.index
    dates = result.get("event_date", pd.Series([None] * len(index), index=index, dtype="object"))
    years = result.get("fiscal_year", pd.Series([None] * len(index), index=index, dtype="object"))
    derived = [None if d is None else (d.year if d.month >= 4 else d.year - 1) for d in dates]
    def blank(field):
        if field not in fields:
            return np.ones(len(index), bool)
        return out.table.frame.iloc[:, fields[field]].map(nz.trim).eq("").to_numpy()
    missing = blank("event_date") & blank("fiscal_year")
    column = fields.get("event_date", fields.get("fiscal_year", fields["title_ja"]))
    out.rows(missing, column, "日付か年度のどちらかが必要です", "a date or a fiscal year is needed")
    clash = np.array([d is not None and y is not None and y == y and int(y) != d for d, y in zip(derived, years)])
    out.rows(clash, fields.get("fiscal_year", column), "年度が日付の年度と食い違います",
             "the fiscal year contradicts the date (a fiscal year runs April to March)")
    result["event_date"] = pd.to_datetime(pd.Series(list(dates), index=index, dtype="object"))
    result["fiscal_year"] = pd.Series([d if y is None or y != y else y for d, y in zip(derived, years)],
                                      index=index, dtype="object")
    if allowed is not None and "scope" in result:
        outside = np.array([s is not None and not allowed.contains(Scope.parse(s)) for s in result["scope"]])
        out.rows(outside, fields["event_scope"], "この範囲の出来事を取り込む権限がありません",
                 "this scope is outside yours", f"取込できる範囲 / your scope: {allowed.label()}")
