"""Tables derived from a review, for the charts, the PDF and the page (pure functions)."""
from __future__ import annotations

import pandas as pd

from dashboard import reference
from dashboard.estimate import labels, rules


def by_item(result) -> pd.DataFrame:
    """One row per cost item: label, annual_yen (estimate), baseline_yen (FY2018, the covered
    operations) and target_yen (floor(7 × baseline / 10), the −30% target of that item)."""
    base = {}
    if result.baseline is not None and len(result.baseline):
        b = result.baseline[result.baseline["system_code"].isin(result.systems)]
        base = b.groupby("item_key")["baseline_yen"].sum().to_dict()
    rows = [{"item_key": k, "label": labels.item_label(k), "annual_yen": v, "baseline_yen": base.get(k),
             "target_yen": None if base.get(k) is None else 7 * int(base[k]) // 10}
            for k, v in result.annual_yen_by_item.items()]
    frame = pd.DataFrame(rows)
    return frame[(frame["annual_yen"] > 0) | frame["baseline_yen"].notna()].reset_index(drop=True)


def peers(result) -> pd.DataFrame:
    """Per cost item: the estimate's annual yen per resident and the peers' aggregates."""
    pop = result.peers.population
    rows = []
    for item, annual_yen in result.annual_yen_by_item.items():
        stats = result.peers.items.get(item) or {}
        if not annual_yen or not pop:
            continue
        rows.append({"item_key": item, "label": labels.item_label(item), "own_yen": annual_yen / pop,
                     "p25": stats.get("p25"), "p50": stats.get("p50"),
                     "p75": stats.get("p75"), "p90": stats.get("p90")})
    return pd.DataFrame(rows, columns=["item_key", "label", "own_yen", "p25", "p50", "p75", "p90"])


def flags(result) -> pd.DataFrame:
    return pd.DataFrame({
        "ルール / rule": [f.rule for f in result.flags],
        "重要度 / severity": [rules.SEVERITY[f.severity][0] + " / " + f.severity for f in result.flags],
        "シート / sheet": [f.sheet for f in result.flags],
        "行 / row": pd.array([f.row for f in result.flags], dtype="Int64"),
        "金額（円） / yen": pd.array([f.amount_yen for f in result.flags], dtype="Int64"),
        "指摘 / finding": [f"{f.message_ja} / {f.message_en}" for f in result.flags],
        "質問事項 / question": [f.question_ja for f in result.flags],
    })


def mapping(result) -> pd.DataFrame:
    """One row per counted line with its mapping (what the page shows and lets the user correct)."""
    rows = []
    for i, (line, m) in enumerate(zip(result.estimate.lines, result.mappings)):
        if not line.counted:
            continue
        rows.append({"#": i, "シート / sheet": line.sheet, "行 / row": line.row,
                     "項目 / description": line.description, "金額（円・税込） / yen": line.amount_yen,
                     "年額 / annual": line.annual_yen if m.item_key != "one_off" else None,
                     "費目 / item": labels.item_label(m.item_key),
                     "業務 / operation": labels.operation_label(m.systems, m.shared),
                     "確度 / confidence": m.confidence, "根拠 / source": labels.SOURCES.get(m.source, "")})
    return pd.DataFrame(rows)


def unplaced(result) -> pd.DataFrame:
    rows = [{"シート / sheet": l.sheet, "行 / row": l.row, "内容 / text": l.description, "理由 / reason": l.reason}
            for l in result.estimate.lines if l.kind == "unplaced"]
    return pd.DataFrame(rows, columns=["シート / sheet", "行 / row", "内容 / text", "理由 / reason"])


def org_label(org_code: str) -> str:
    orgs = reference.organizations().set_index("org_code")
    if org_code not in orgs.index:
        return org_code
    return f"{orgs.loc[org_code, 'pref_name']} {orgs.loc[org_code, 'name']}"
