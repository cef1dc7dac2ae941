"""Parse one file into validated rows of one kind (costs, drivers or status).

Minimal canonical reader: UTF-8 CSV with English headers, 6-digit codes, western
years, operation codes, item keys, English basis, integer yen. The full format of
domain.md section 8 extends this module (read → normalise → validate).
"""
from __future__ import annotations

import io

import pandas as pd

from dashboard import reference
from dashboard.ingest.errors import ImportProblem

KINDS = {
    "costs": ["org_code", "fiscal_year", "system", "cost_item", "basis", "amount_yen"],
    "drivers": ["org_code", "fiscal_year", "system", "driver", "amount_yen"],
    "status": ["org_code", "system", "status"],
}
OPTIONAL = {"note", "planned_fy", "unit"}


def parse_file(name: str, content: bytes) -> tuple[str | None, pd.DataFrame | None, list[ImportProblem]]:
    try:
        text = content.decode("utf-8-sig")
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return None, None, [ImportProblem(name, None, None, None, "ファイルを読み取れません",
                                          f"cannot read the file ({type(exc).__name__})")]
    columns = [c.strip() for c in raw.columns]
    raw.columns = columns
    kind = next((k for k, req in KINDS.items() if set(req) <= set(columns)), None)
    if kind is None:
        return None, None, [ImportProblem(name, 1, None, ",".join(columns),
                                          "必須の列がありません", "required columns are missing")]
    unknown = set(columns) - set(KINDS[kind]) - OPTIONAL
    if unknown:
        return kind, None, [ImportProblem(name, 1, c, c, "不明な列です", "unknown column")
                            for c in sorted(unknown)]
    return kind, *_validate(name, kind, raw)


def _validate(name: str, kind: str, raw: pd.DataFrame):
    orgs = set(reference.org_names())
    systems = set(reference.load("system")["system_code"])
    items = set(reference.load("cost_item")["item_key"])
    drivers = set(reference.load("driver")["driver_code"])
    problems, rows = [], []
    for i, rec in enumerate(raw.to_dict("records")):
        row_no = i + 2
        bad = lambda col, ja, en: problems.append(ImportProblem(name, row_no, col, rec.get(col), ja, en))  # noqa: E731
        out = {"org_code": rec["org_code"].strip(), "note": rec.get("note") or None}
        if out["org_code"] not in orgs:
            bad("org_code", "団体コードが見つかりません", "unknown organization code")
        out["system_code"] = rec["system"].strip().zfill(2)
        if out["system_code"] not in systems:
            bad("system", "業務が不明です", "unknown operation")
        if kind != "status":
            fy = rec["fiscal_year"].strip()
            if not fy.isdigit() or not 2000 <= int(fy) <= 2100:
                bad("fiscal_year", "年度が不正です", "invalid fiscal year")
            out["fiscal_year"] = int(fy) if fy.isdigit() else None
            amount = rec["amount_yen"].strip().lstrip("-")
            if not amount.isdigit():
                bad("amount_yen", "金額が整数ではありません", "amount is not an integer")
            sign = -1 if rec["amount_yen"].strip().startswith("-") else 1
            out["amount_yen"] = sign * int(amount) if amount.isdigit() else None
        if kind == "costs":
            out["item_key"] = rec["cost_item"].strip()
            out["basis"] = rec["basis"].strip()
            if out["item_key"] not in items:
                bad("cost_item", "費目が不明です", "unknown cost item")
            if out["basis"] not in ("actual", "budget", "estimate"):
                bad("basis", "区分が不明です", "unknown basis")
            if (out["amount_yen"] or 0) < 0:
                bad("amount_yen", "経費に負の金額は使えません", "negative cost")
        elif kind == "drivers":
            out["driver_code"] = rec["driver"].strip()
            if out["driver_code"] not in drivers:
                bad("driver", "要因コードが不明です", "unknown driver code")
        else:
            out["status"] = rec["status"].strip()
            if out["status"] not in ("migrated", "migrating", "delayed"):
                bad("status", "移行状況が不明です", "unknown status")
            planned = (rec.get("planned_fy") or "").strip()
            out["planned_fy"] = int(planned) if planned.isdigit() else None
        rows.append(out)
    if problems:
        return None, problems
    frame = pd.DataFrame(rows)
    return frame, []
