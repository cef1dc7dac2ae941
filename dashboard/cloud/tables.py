"""The small cloud import kinds: account map, exchange rates (fx) and invoice amounts.

Each is a CSV (UTF-8 with or without BOM, or CP932) recognised by its header, with Japanese
or English column names. `parse(kind, name, content)` returns (rows, problems); a file with
any problem is refused whole.
"""
from __future__ import annotations

import io
import re

import pandas as pd

from dashboard import reference
from dashboard.cloud import spec
from dashboard.ingest.errors import ImportProblem
from dashboard.ingest.read import decode

# kind → {canonical column: accepted header names}; the first ones of each kind are required.
COLUMNS = {
    "account_map": {"account_id": ("account_id", "アカウントID"), "org_code": ("org_code", "団体コード"),
                    "operation": ("operation", "業務"), "model": ("model", "利用形態"),
                    "basis": ("basis", "按分基準"), "tag_key": ("tag_key", "タグキー")},
    "fx": {"period": ("period", "期間"), "yen_per_unit": ("yen_per_usd", "yen_per_unit", "円/ドル", "換算レート"),
           "source": ("source", "出典"), "currency": ("currency", "通貨")},
    "invoice": {"invoice_id": ("InvoiceId", "invoice_id", "請求書番号"),
                "amount_yen": ("amount_yen", "請求額", "納付額"), "source": ("source", "出典")},
}
REQUIRED = {"account_map": ("account_id", "org_code", "operation", "model"),
            "fx": ("period", "yen_per_unit"), "invoice": ("invoice_id", "amount_yen")}
BASES = {"tag": "tag", "タグ": "tag", "usage": "usage", "利用量": "usage", "population": "population",
         "人口": "population", "equal": "equal", "均等": "equal"}
SHARED_OPERATION = ("shared", "共通")


def _canonical(kind: str, header: list[str]) -> dict[str, str] | None:
    found = {}
    for canon, names in COLUMNS[kind].items():
        for h in header:
            if h.strip() in names:
                found[h] = canon
    return found if all(c in found.values() for c in REQUIRED[kind]) else None


def kind_of(header: list[str]) -> str | None:
    known = {n for names in COLUMNS.values() for ns in names.values() for n in ns}
    for kind in COLUMNS:
        mapping = _canonical(kind, header)
        if mapping and all(h.strip() in known for h in header):
            return kind
    return None


def _problem(name, row, column, value, ja, en):
    return ImportProblem(name, row, column, value, ja, en)


def parse(kind: str, name: str, content: bytes) -> tuple[pd.DataFrame | None, list[ImportProblem]]:
    text, _ = decode(content)
    if text is None:
        return None, [_problem(name, None, None, None, "文字コードを判別できません", "cannot detect the text encoding")]
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame = frame.rename(columns={h: c for h, c in (_canonical(kind, list(frame.columns)) or {}).items()})
    for column in COLUMNS[kind]:
        if column not in frame:
            frame[column] = ""
    frame = frame[list(COLUMNS[kind])].apply(lambda s: s.str.strip())
    frame["row"] = range(2, len(frame) + 2)          # header is row 1
    return {"account_map": _map, "fx": _fx, "invoice": _invoice}[kind](name, frame)


def _map(name, f):
    problems = []
    orgs = set(reference.org_names())
    systems = dict(zip(reference.load("system")["system_code"], reference.load("system")["system_key"]))
    by_key = {k: c for c, k in systems.items()}
    out = []
    for r in f.itertuples():
        def bad(column, value, ja, en):
            problems.append(_problem(name, r.row, column, value, ja, en))
        if not r.account_id:
            bad("account_id", r.account_id, "アカウントIDが空です", "account id is empty")
        if r.org_code not in orgs:
            bad("org_code", r.org_code, "団体コードが不明です", "unknown organization code")
        op = r.operation
        system = None
        if op in SHARED_OPERATION:
            system = None
        elif op.zfill(2) in systems:
            system = op.zfill(2)
        elif op in by_key:
            system = by_key[op]
        else:
            bad("operation", op, "業務は 01〜20、業務キー、または shared です", "operation must be 01-20, its key, or shared")
        if r.model not in ("単独", "共同"):
            bad("model", r.model, "利用形態は 単独 または 共同 です", "model must be 単独 (single) or 共同 (joint)")
        basis = BASES.get(r.basis) if r.basis else None
        if r.basis and basis is None:
            bad("basis", r.basis, "按分基準は tag, usage, population, equal のいずれかです",
                "basis must be tag, usage, population or equal")
        if r.model == "共同" and basis is None and r.basis == "":
            bad("basis", r.basis, "共同利用のアカウントには按分基準が必要です", "a joint account needs an allocation basis")
        if basis in ("tag", "usage") and not r.tag_key:
            bad("tag_key", r.tag_key, "tag / usage の按分にはタグキーが必要です", "tag and usage allocation need a tag key")
        out.append({"account_id": r.account_id, "org_code": r.org_code, "system_code": system,
                    "model": r.model, "basis": basis, "tag_key": r.tag_key or None, "row": r.row})
    rows = pd.DataFrame(out, columns=["account_id", "org_code", "system_code", "model", "basis", "tag_key", "row"])
    for account, group in rows.groupby("account_id"):
        first = group.iloc[0]
        if group[["model", "basis", "tag_key"]].astype(str).nunique().max() > 1:
            problems.append(_problem(name, int(group.iloc[1]["row"]), "model", account,
                                     "同じアカウントの行で利用形態・按分基準・タグキーが違います",
                                     "rows of one account disagree on model, basis or tag key"))
        if first["model"] == "単独" and len(group) > 1:
            problems.append(_problem(name, int(group.iloc[1]["row"]), "account_id", account,
                                     "単独利用のアカウントが複数の団体に割り当てられています",
                                     "a single-use account is mapped to more than one organization"))
        if group["org_code"].duplicated().any():
            problems.append(_problem(name, int(group[group["org_code"].duplicated()].iloc[0]["row"]), "org_code",
                                     account, "同じアカウントに同じ団体が重複しています", "organization listed twice for one account"))
    return (None if problems else rows.drop(columns="row")), problems


_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])|FY(\d{4})|(\d{4})年度")


def _fx(name, f):
    problems, out = [], []
    for r in f.itertuples():
        m = _PERIOD.fullmatch(r.period)
        period = None if m is None else (r.period if m.group(1) else f"FY{m.group(3) or m.group(4)}")
        if period is None:
            problems.append(_problem(name, r.row, "period", r.period, "期間は YYYY-MM または FY2026（2026年度）です",
                                     "period must be YYYY-MM or FY2026"))
        try:
            rate = float(r.yen_per_unit.replace(",", ""))
            if not rate > 0:
                raise ValueError
        except ValueError:
            rate = None
            problems.append(_problem(name, r.row, "yen_per_unit", r.yen_per_unit, "レートは正の数です", "the rate must be a positive number"))
        currency = r.currency or "USD"
        if currency not in spec.ISO_4217 or currency == "JPY":
            problems.append(_problem(name, r.row, "currency", currency, "ISO 4217 の通貨コード（JPY 以外）です",
                                     "must be an ISO 4217 code other than JPY"))
        out.append({"period": period, "currency": currency, "yen_per_unit": rate, "source": r.source or None})
    rows = pd.DataFrame(out, columns=["period", "currency", "yen_per_unit", "source"])
    dup = rows.duplicated(["period", "currency"])
    if dup.any():
        problems.append(_problem(name, int(f["row"][dup].iloc[0]), "period", rows["period"][dup].iloc[0],
                                 "同じ期間と通貨の行が重複しています", "period and currency repeated"))
    return (None if problems else rows), problems


def _invoice(name, f):
    problems, out = [], []
    for r in f.itertuples():
        try:
            amount = int(r.amount_yen.replace(",", ""))
        except ValueError:
            amount = None
            problems.append(_problem(name, r.row, "amount_yen", r.amount_yen, "金額は整数（円）です", "amount must be integer yen"))
        if not r.invoice_id:
            problems.append(_problem(name, r.row, "invoice_id", "", "請求書番号が空です", "invoice id is empty"))
        out.append({"invoice_id": r.invoice_id, "amount_yen": amount, "source": r.source or None})
    return (None if problems else pd.DataFrame(out)), problems
