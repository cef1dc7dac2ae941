"""Which operation a line belongs to, from the words vendors use for the 20 operations.

An operation column, a section heading or the description may name one operation
(住基, 住民記録システム …), several (住基・印鑑), or none in particular (共通, 基盤, 全業務):
the last two make the line *shared*.
"""
from __future__ import annotations

from functools import lru_cache

from dashboard import reference
from dashboard.estimate import text

# Vendor abbreviations beside the official names (longest match first, so that
# 児童扶養手当 is not read as 児童手当 and 法人住民税 not as 住民税).
ALIASES = {
    "01": ("住民基本台帳", "住民記録", "住基"), "02": ("戸籍",), "03": ("戸籍の附票", "附票"),
    "04": ("印鑑登録", "印鑑"), "05": ("選挙人名簿", "選挙"), "06": ("固定資産税", "固定資産", "固資"),
    "07": ("個人住民税", "住民税", "個人住民"), "08": ("法人住民税", "法人住民"),
    "09": ("軽自動車税", "軽自"), "10": ("国民健康保険", "国保"), "11": ("国民年金", "国年"),
    "12": ("障害者福祉", "障がい者福祉", "障害福祉"), "13": ("後期高齢者医療", "後期高齢"),
    "14": ("介護保険", "介護"), "15": ("児童手当",), "16": ("生活保護", "生保"),
    "17": ("健康管理",), "18": ("就学",), "19": ("児童扶養手当", "児童扶養"),
    "20": ("子ども・子育て支援", "子ども子育て支援", "子ども子育て", "子育て支援"),
}
SHARED_WORDS = ("共通", "全業務", "共用", "基盤", "20業務", "標準化対象業務")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, str]]:
    systems = reference.load("system")
    pairs = [(text.fold(n).lower(), c) for c, n in zip(systems["system_code"], systems["name_ja"])]
    pairs += [(text.fold(a).lower(), c) for c, names in ALIASES.items() for a in names]
    pairs += [(k.lower(), c) for c, k in zip(systems["system_code"], systems["system_key"])]
    return sorted(set(pairs), key=lambda p: -len(p[0]))


def find(value: str) -> tuple[list[str], bool]:
    """(operation codes named in `value`, whether it says 'shared')."""
    folded = text.fold(value).lower()
    if not folded:
        return [], False
    codes: list[str] = []
    rest = folded
    for word, code in _patterns():
        if word in rest:
            rest = rest.replace(word, "|")
            if code not in codes:
                codes.append(code)
    if not codes and folded.isdigit() and 1 <= int(folded) <= 20:
        codes = [f"{int(folded):02d}"]
    shared = any(w in folded for w in SHARED_WORDS)
    return sorted(codes), shared
