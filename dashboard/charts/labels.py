"""Chart titles and labels in Japanese and English, and names the reference data lacks in English."""
from __future__ import annotations

PREF_EN = ("Hokkaido", "Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima", "Ibaraki",
           "Tochigi", "Gunma", "Saitama", "Chiba", "Tokyo", "Kanagawa", "Niigata", "Toyama",
           "Ishikawa", "Fukui", "Yamanashi", "Nagano", "Gifu", "Shizuoka", "Aichi", "Mie", "Shiga",
           "Kyoto", "Osaka", "Hyogo", "Nara", "Wakayama", "Tottori", "Shimane", "Okayama",
           "Hiroshima", "Yamaguchi", "Tokushima", "Kagawa", "Ehime", "Kochi", "Fukuoka", "Saga",
           "Nagasaki", "Kumamoto", "Oita", "Miyazaki", "Kagoshima", "Okinawa")

KIND_EN = {"都道府県": "Prefecture", "政令指定都市": "Designated city", "中核市": "Core city",
           "市": "City", "特別区": "Special ward", "町": "Town", "村": "Village"}
KIND_ORDER = ("都道府県", "政令指定都市", "中核市", "市", "特別区", "町", "村")
PEER_ORDER = ("政令指定都市", "中核市", "特別区", "市 15万以上", "市 10-15万", "市 5-10万",
              "市 5万未満", "町村 2万以上", "町村 1.5-2万", "町村 1-1.5万", "町村 5千-1万",
              "町村 5千未満")
PEER_EN = {"政令指定都市": "Designated cities", "中核市": "Core cities", "特別区": "Special wards",
           "市 15万以上": "Cities ≥150k", "市 10-15万": "Cities 100-150k",
           "市 5-10万": "Cities 50-100k", "市 5万未満": "Cities <50k",
           "町村 2万以上": "Towns/villages ≥20k", "町村 1.5-2万": "Towns/villages 15-20k",
           "町村 1-1.5万": "Towns/villages 10-15k", "町村 5千-1万": "Towns/villages 5-10k",
           "町村 5千未満": "Towns/villages <5k"}
STEP = {"baseline": ("基準（平成30年度）", "Baseline (FY2018)"),
        "structural": ("構造的要因", "Structural factors"),
        "enhancement": ("機能強化要因", "Function enhancement"),
        "external": ("外部要因", "External factors"),
        "countermeasures": ("対策", "Countermeasures"),
        "unattributed": ("要因未特定", "Unattributed"),
        "current": ("対象年度", "Chosen year")}


def pref_name(code: str, name_ja: str, lang: str) -> str:
    return name_ja if lang == "ja" else PREF_EN[int(code) - 1]


def kind(name: str, lang: str) -> str:
    return name if lang == "ja" else KIND_EN.get(name, name)


def peer(name: str, lang: str) -> str:
    return name if lang == "ja" else PEER_EN.get(name, name)


def tr(ja: str, en: str, lang: str) -> str:
    return ja if lang == "ja" else en
