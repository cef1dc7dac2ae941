"""Labels of the estimate review shared by the page, the workbook and the PDF."""
from __future__ import annotations

from functools import lru_cache

from dashboard import reference

KINDS = {"line": "明細", "subtotal": "小計", "total": "合計", "tax": "消費税", "section": "見出し",
         "summary": "総括（集計外）", "unplaced": "読取不可"}
SOURCES = {"org": "団体の修正", "national": "全国辞書", "dictionary": "辞書", "none": "—"}
SHARED = "共通（按分）"
ONE_OFF = "対象外（初期・移行費用）"
UNMAPPED = "未分類"


@lru_cache(maxsize=1)
def item_names() -> dict[str, str]:
    items = reference.load("cost_item")
    return dict(zip(items["item_key"], items["short_name_ja"]))


@lru_cache(maxsize=1)
def system_names() -> dict[str, str]:
    systems = reference.load("system")
    return dict(zip(systems["system_code"], systems["name_ja"]))


def item_label(item_key: str | None) -> str:
    if item_key == "one_off":
        return ONE_OFF
    return item_names().get(item_key or "", UNMAPPED)


def operation_label(systems: list[str], shared: bool) -> str:
    names = [system_names().get(s, s) for s in systems]
    if shared:
        return SHARED + (f"：{'・'.join(names)}" if names else "")
    return names[0] if names else SHARED


def item_choices() -> dict[str, str | None]:
    """label → item_key, for correcting a mapping (one of the 12, one-off, or unmapped)."""
    return {**{v: k for k, v in item_names().items()}, ONE_OFF: "one_off", UNMAPPED: None}


def operation_choices() -> dict[str, str]:
    """label → system code or 'shared'."""
    return {SHARED: "shared", **{f"{c} {n}": c for c, n in system_names().items()}}
