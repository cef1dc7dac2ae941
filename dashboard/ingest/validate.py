"""Checking a read table against docs/import-format.md and turning it into rows to load.

Every problem in the file is collected (not just the first), each with the file, the
spreadsheet row, the column as the file names it, the value, the reason in Japanese and
English, and a hint where one helps. Column checks run per distinct value
(normalise.parse_column), so a national file of 300k rows validates in about a second.
"""
from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from dashboard import reference
from dashboard.ingest import normalise as nz
from dashboard.ingest.errors import ImportProblem
from dashboard.ingest.read import RawTable
from dashboard.scope import Scope

REQUIRED = {
    "costs": ("org_code", "fiscal_year", "system", "cost_item", "basis", "amount"),
    "drivers": ("org_code", "fiscal_year", "system", "driver", "amount"),
    "status": ("org_code", "system", "status"),
}
OPTIONAL = {"costs": ("unit", "note", "org_name"), "drivers": ("unit", "note", "org_name"),
            "status": ("planned_fy", "note", "org_name")}
KEYS = {"costs": ["org_code", "fiscal_year", "system_code", "item_key", "basis"],
        "drivers": ["org_code", "fiscal_year", "system_code", "driver_code"],
        "status": ["org_code", "system_code"]}
KEY_FIELDS = {5: ("org_code", "fiscal_year", "system", "cost_item", "basis"),
              4: ("org_code", "fiscal_year", "system", "driver"), 2: ("org_code", "system")}
KIND_MARKER = {"cost_item": "costs", "driver": "drivers", "status": "status"}
LABEL = {"org_code": "団体コード", "org_name": "団体名", "fiscal_year": "年度", "system": "業務",
         "cost_item": "費目", "basis": "区分", "amount": "金額", "unit": "単位", "note": "備考",
         "driver": "要因コード", "status": "移行状況", "planned_fy": "移行予定年度"}
# field → (parser, output column)
PARSERS = {"org_code": (nz.parse_org_code, "org_code"), "fiscal_year": (nz.parse_fiscal_year, "fiscal_year"),
           "system": (nz.parse_system, "system_code"), "cost_item": (nz.parse_cost_item, "item_key"),
           "basis": (nz.parse_basis, "basis"), "driver": (nz.parse_driver, "driver_code"),
           "status": (nz.parse_status, "status"), "planned_fy": (nz.parse_planned_fy, "planned_fy")}
UNIT_FACTOR = {"yen": 1, "sen": 1000}
# Kinds registered from their own modules (plan_kinds: funding, events): a parser that
# differs for one kind's field, and a check run once the columns are parsed.
KIND_PARSERS: dict[tuple[str, str], tuple] = {}
POST_CHECKS: dict[str, object] = {}


class _Collector:
    def __init__(self, name: str, table: RawTable):
        self.name, self.table, self.items = name, table, []

    def file(self, ja, en, hint=None, column=None, value=None, row=None):
        self.items.append(ImportProblem(self.name, row, column, value, ja, en, hint))

    def rows(self, mask, column: int, ja=None, en=None, hint=None, bads=None):
        """One problem per row where `mask` holds; reasons from `bads` (Bad objects) if given."""
        header = self.table.columns[column]
        values = self.table.frame.iloc[:, column]
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            b = bads.iat[i] if bads is not None else None
            self.items.append(ImportProblem(
                self.name, int(self.table.row_numbers.iat[i]), header, nz.trim(values.iat[i]),
                b.reason_ja if b else ja, b.reason_en if b else en, (b.hint if b else None) or hint))


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _map_headers(out: _Collector) -> tuple[dict[str, int], str | None]:
    t = out.table
    fields: dict[str, int] = {}
    header_unit = None
    for i, h in enumerate(t.columns):
        if h == "":
            out.file("見出しのない列に値があります", "a column without a header holds values",
                     column=f"{_column_letter(i)}列", row=t.header_row)
            continue
        field, unit = nz.header_field(h)
        if field is None:
            guess = nz.suggest_header(h)
            out.file("不明な列です（綴りを確認してください。不明な列は取り込みません）",
                     "unknown column (check the spelling; unknown columns are refused)",
                     f"「{guess}」のことですか / did you mean {guess}?" if guess else
                     "不要な列は削除するか、備考列にまとめてください / delete it or move it into 備考 (note)",
                     column=h, value=h, row=t.header_row)
        elif field in fields:
            out.file("同じ意味の列が2つあります", "two columns mean the same thing",
                     f"「{t.columns[fields[field]]}」と重複 / duplicates {t.columns[fields[field]]}",
                     column=h, value=h, row=t.header_row)
        else:
            fields[field] = i
            header_unit = unit or header_unit
    return fields, header_unit


def _detect_kind(out: _Collector, fields: dict[str, int]) -> str | None:
    kinds = sorted({KIND_MARKER[f] for f in fields if f in KIND_MARKER})
    if len(kinds) == 1:
        return kinds[0]
    if kinds:
        out.file("種類の違う列（費目・要因コード・移行状況）が混在しています。ファイルを分けてください",
                 "columns of different kinds (cost item, driver, status) in one file; split the file",
                 row=out.table.header_row, value=", ".join(kinds))
    else:
        out.file("ファイルの種類を判別できません（費目・要因コード・移行状況のいずれかの列が必要です）",
                 "cannot tell the kind of file: it needs a 費目 (cost_item), 要因コード (driver) or 移行状況 (status) column",
                 row=out.table.header_row, value=", ".join(out.table.columns)[:200])
    return None


def validate(name: str, table: RawTable, allowed: Scope | None = None,
             progress=None) -> tuple[str | None, pd.DataFrame | None, list[ImportProblem]]:
    """(kind, rows ready for load.apply, problems). Rows are None whenever problems exist."""
    out = _Collector(name, table)
    fields, header_unit = _map_headers(out)
    kind = _detect_kind(out, fields)
    if kind is None:
        return None, None, out.items
    for field in REQUIRED[kind]:
        if field not in fields:
            out.file("必須の列がありません", "a required column is missing",
                     f"列「{LABEL[field]}」を追加してください / add the column {LABEL[field]}",
                     column=LABEL[field], row=table.header_row)
    for field, i in fields.items():
        if field not in REQUIRED[kind] + OPTIONAL[kind]:
            out.file("この種類のファイルには使えない列です", f"this column does not belong in a {kind} file",
                     column=table.columns[i], value=table.columns[i], row=table.header_row)
    if table.frame.empty:
        out.file("データ行がありません（見出しだけです）", "the file has no data rows (header only)")
        return kind, None, out.items

    n = len(table.frame)
    result = {}
    steps = [f for f in fields if f in PARSERS and f in REQUIRED[kind] + OPTIONAL[kind]]
    for done, field in enumerate(steps):
        i = fields[field]
        parser, column = KIND_PARSERS.get((kind, field), PARSERS[field])
        values, bads = nz.parse_column(table.frame.iloc[:, i], parser)
        out.rows(bads.notna(), i, bads=bads)
        result[column] = values
        if progress:
            progress(0.1 + 0.6 * (done + 1) / max(len(steps), 1), f"{LABEL[field]} checked")

    if "amount" in fields:
        factor = pd.Series(UNIT_FACTOR[header_unit or "yen"], index=table.frame.index, dtype="int64")
        if "unit" in fields:
            units, bads = nz.parse_column(table.frame.iloc[:, fields["unit"]], nz.parse_unit)
            out.rows(bads.notna(), fields["unit"], bads=bads)
            if header_unit:
                clash = units.notna() & (units != header_unit)
                out.rows(clash, fields["unit"], "単位が見出しの単位と食い違います",
                         "the unit contradicts the unit in the amount header",
                         f"見出し「{table.columns[fields['amount']]}」/ header says {header_unit}")
            factor = units.map(UNIT_FACTOR).fillna(factor).astype("int64")
        amounts, bads = nz.amounts_to_yen(table.frame.iloc[:, fields["amount"]], factor)
        out.rows(bads.notna(), fields["amount"], bads=bads)
        result["amount_yen"] = amounts
        if kind == "costs":
            out.rows((amounts < 0) & bads.isna(), fields["amount"], "経費に負の金額は使えません",
                     "a cost cannot be negative", "減額は要因ファイル（要因コード）で記入します / "
                     "reductions belong in a driver file")

    if "org_name" in fields and "org_code" in result:
        _check_names(out, fields["org_name"], result["org_code"])
    if allowed is not None and "org_code" in result:
        codes = result["org_code"]
        inside = {c: allowed.contains(Scope("org", c)) for c in codes.dropna().unique()}
        out.rows(codes.map(inside).eq(False).to_numpy(), fields["org_code"],
                 "この団体のデータを取り込む権限がありません", "this organization is outside your scope",
                 f"取込できる範囲 / your scope: {allowed.label()}")
    if "note" in fields:
        result["note"] = table.frame.iloc[:, fields["note"]].str.strip().replace("", None)
    if kind in POST_CHECKS:
        POST_CHECKS[kind](out, fields, result, allowed)

    keys = KEYS[kind]
    if all(k in result for k in keys):
        _check_duplicates(out, pd.DataFrame({k: result[k] for k in keys}), fields)
    if progress:
        progress(0.8, "checked")
    problems = sorted(out.items, key=lambda p: (p.row is not None, p.row or 0))
    if problems:
        return kind, None, problems
    frame = pd.DataFrame(result)
    if "fiscal_year" in frame:
        frame["fiscal_year"] = frame["fiscal_year"].astype("int64")
    if "planned_fy" in frame:
        frame["planned_fy"] = frame["planned_fy"].astype("Int64")
    for col in ("org_code", "system_code", "item_key", "basis", "driver_code", "status"):
        if col in frame:
            frame[col] = frame[col].astype("string")
    return kind, frame, []


def _check_names(out: _Collector, column: int, codes: pd.Series) -> None:
    """A 団体名 column must agree with the code: a typo in a code then cannot pass silently."""
    names = reference.org_names()
    prefs = {c: n for c, n in zip(reference.load("organization")["org_code"],
                                  reference.load("organization")["pref_name"])}
    given = out.table.frame.iloc[:, column]

    def same(code, text):
        # A code that failed to parse comes back as a missing value (NaN under pandas 3's
        # string inference, not None); its own problem is already reported by the code check.
        if code is None or pd.isna(code) or nz.trim(text) == "":
            return True
        want, got = nz.fold(names[code]).replace("ヶ", "ケ"), nz.fold(text).replace("ヶ", "ケ")
        return got in (want, nz.fold(prefs[code]) + want)

    ok = pd.Series([same(c, t) for c, t in zip(codes, given)], index=given.index)
    bad = ~ok
    for i in np.flatnonzero(bad.to_numpy()):
        code = codes.iat[i]
        out.items.append(ImportProblem(out.name, int(out.table.row_numbers.iat[i]), out.table.columns[column],
                                       nz.trim(given.iat[i]), "団体名が団体コードと一致しません",
                                       "the organization name does not match the code",
                                       f"{code} は「{names[code]}」です / {code} is {names[code]}"))


def _check_duplicates(out: _Collector, keys: pd.DataFrame, fields: dict[str, int]) -> None:
    valid = keys.notna().all(axis=1)
    k = keys[valid]
    dup = k.duplicated(keep=False)
    if not dup.any():
        return
    rows = out.table.row_numbers[valid.to_numpy()][dup.to_numpy()]
    groups = k[dup].assign(_row=rows.to_numpy()).groupby(list(k.columns), sort=False)["_row"].apply(list)
    names = KEY_FIELDS.get(tuple(keys.columns), KEY_FIELDS.get(len(keys.columns), ()))
    column = "キー / key (" + "・".join(LABEL.get(f, f) for f in names) + ")"
    for key, members in groups.items():
        first = members[0]
        for other in members[1:]:
            out.items.append(ImportProblem(
                out.name, int(other), column, " / ".join(str(v) for v in key),
                f"同じキーの行が重複しています（{first}行目と{other}行目）",
                f"the same key appears twice (rows {first} and {other})",
                "どちらか一方を削除してください / keep only one of them"))


from dashboard.ingest import plan_kinds  # noqa: E402  (registers the funding and events kinds)

plan_kinds.register(sys.modules[__name__])
