"""Scenario levers: their ranges (data/reference/scenario_levers.csv), parsing and checking.

A levers file (`--levers FILE.json`, the page, the URL) holds any of the keys fx,
commitment, joint_use, vendor_price, delayed_migration, measures; a missing key is neutral.
`parse()` returns the full normalised form or raises LeverError listing every problem
(JA/EN); nothing downstream sees an unchecked value. The formulas are in docs/scenarios.md.
"""
from __future__ import annotations

import copy
import json
import re
from functools import lru_cache

import pandas as pd

from dashboard import reference
from dashboard.config import REFERENCE_DIR

YEARS = (2026, 2027, 2028, 2029, 2030)
KEYS = ("fx", "commitment", "joint_use", "vendor_price", "delayed_migration", "measures")
MEASURES = ("M101", "M102", "M103", "M104", "M105", "M106", "M107",
            "M201", "M202", "M203", "M204", "M205", "M206")


class LeverError(ValueError):
    """Every problem of one levers object, each in Japanese with English."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@lru_cache(maxsize=None)
def ranges() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "scenario_levers.csv", dtype=str, keep_default_na=False)


@lru_cache(maxsize=None)
def _range(lever: str, param: str) -> tuple[float | None, float, float]:
    # cached: parse() and the tornado ask for ranges hundreds of times per page run, and a
    # DataFrame lookup each time cost more than the scenario arithmetic itself
    row = ranges().query("lever == @lever and param == @param").iloc[0]
    neutral = float(row["neutral"]) if row["neutral"] else None
    return neutral, float(row["low"]), float(row["high"])


@lru_cache(maxsize=None)
def parameters() -> dict[str, float]:
    frame = pd.read_csv(REFERENCE_DIR / "scenario_parameters.csv", dtype=str)
    return {k: float(v) for k, v in zip(frame["key"], frame["value"])}


@lru_cache(maxsize=None)
def measure_effects() -> dict[str, float]:
    frame = pd.read_csv(REFERENCE_DIR / "measure_effects.csv", dtype=str)
    return {k: float(v) for k, v in zip(frame["measure_code"], frame["effect_rate"])}


def neutral() -> dict:
    """Every lever at its neutral value: the scenario equals the stored figures."""
    fx = _range("fx", "yen_per_usd")[0]
    return {
        "fx": {y: fx for y in YEARS},
        "commitment": {"share": _range("commitment", "share")[0],
                       "discount": _range("commitment", "discount")[0]},
        "joint_use": {"members": [], "saving_ops": _range("joint_use", "saving_ops")[0],
                      "saving_network": _range("joint_use", "saving_network")[0]},
        "vendor_price": {"pct_per_year": _range("vendor_price", "pct_per_year")[0]},
        "delayed_migration": {"year": None},
        "measures": {m: {"adoption": 0.0, "start_fy": int(_range("measures", "start_fy")[0])}
                     for m in MEASURES},
    }


def _number(value, where: str, problems: list, lever: str, param: str, integer=False):
    _, low, high = _range(lever, param)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        problems.append(f"{where}: 数値ではありません / not a number: {value!r}")
        return None
    if integer and value != int(value):
        problems.append(f"{where}: 整数（年度）ではありません / not a whole year: {value!r}")
        return None
    if not low <= value <= high:
        problems.append(f"{where}: 範囲外です（{low:g}〜{high:g}） / out of range "
                        f"{low:g}..{high:g}: {value!r}")
        return None
    return int(value) if integer else float(value)


def _dict(value, where: str, problems: list, allowed: tuple) -> dict:
    if not isinstance(value, dict):
        problems.append(f"{where}: オブジェクトが必要です / expected an object: {value!r}")
        return {}
    for key in value:
        if key not in allowed:
            problems.append(f"{where}.{key}: 不明なキーです / unknown key (known: {', '.join(allowed)})")
    return value


_SELECT = re.compile(r"(org|pref|kind|pop):(.+)|(all)")
KINDS = ("都道府県", "政令指定都市", "中核市", "市", "特別区", "町", "村")


def _selector(text, where: str, problems: list) -> str | None:
    match = _SELECT.fullmatch(str(text).strip())
    if not match:
        problems.append(f"{where}: 団体の指定は org:CODE, pref:NN, kind:町, pop:MIN-MAX のいずれかです "
                        f"/ members are org:CODE, pref:NN, kind:KIND or pop:MIN-MAX, not {text!r}")
        return None
    if match.group(3):
        return "all"            # every organization of the scenario's scope
    kind, value = match.group(1), match.group(2)
    ok = {"org": lambda v: v in reference.org_names(),
          "pref": lambda v: v in reference.prefecture_names(),
          "kind": lambda v: v in KINDS,
          "pop": lambda v: re.fullmatch(r"\d*-\d*", v) is not None and v != "-"}[kind](value)
    if not ok:
        what = {"org": "不明な団体です / unknown organization", "pref": "不明な都道府県です / unknown prefecture",
                "kind": "不明な区分です / unknown kind", "pop": "人口帯は MIN-MAX です / population band is MIN-MAX"}[kind]
        problems.append(f"{where}: {what}: {value!r}")
        return None
    return f"{kind}:{value}"


def parse(raw) -> dict:
    """The normalised levers for `raw` (a dict or JSON text), or LeverError."""
    if isinstance(raw, (str, bytes)):
        try:
            raw = json.loads(raw or "{}")
        except json.JSONDecodeError as exc:
            raise LeverError([f"JSON として読めません / not valid JSON: {exc}"]) from None
    problems: list[str] = []
    out = neutral()
    raw = _dict(raw, "levers", problems, KEYS)
    if "fx" in raw:
        fx = raw["fx"]
        years = {str(y): fx for y in YEARS} if not isinstance(fx, dict) else fx
        for key, value in years.items():
            if key not in {str(y) for y in YEARS}:
                problems.append(f"fx.{key}: 年度は 2026〜2030 です / years are 2026..2030")
                continue
            out["fx"][int(key)] = _number(value, f"fx.{key}", problems, "fx", "yen_per_usd")
    if "commitment" in raw:
        c = _dict(raw["commitment"], "commitment", problems, ("share", "discount"))
        for param in ("share", "discount"):
            if param in c:
                out["commitment"][param] = _number(c[param], f"commitment.{param}", problems,
                                                   "commitment", param)
    if "joint_use" in raw:
        j = _dict(raw["joint_use"], "joint_use", problems, ("members", "saving_ops", "saving_network"))
        for param in ("saving_ops", "saving_network"):
            if param in j:
                out["joint_use"][param] = _number(j[param], f"joint_use.{param}", problems,
                                                  "joint_use", param)
        members = j.get("members", [])
        if not isinstance(members, list):
            problems.append("joint_use.members: リストが必要です / expected a list")
            members = []
        for n, member in enumerate(members):
            where = f"joint_use.members[{n}]"
            m = _dict(member, where, problems, ("select", "from_fy"))
            select = _selector(m.get("select"), f"{where}.select", problems) if m else None
            year = m.get("from_fy", YEARS[0])
            if not (isinstance(year, int) and not isinstance(year, bool) and year in YEARS):
                problems.append(f"{where}.from_fy: 年度は 2026〜2030 です / from_fy must be 2026..2030: {year!r}")
            elif select:
                out["joint_use"]["members"].append({"select": select, "from_fy": year})
    if "vendor_price" in raw:
        v = raw["vendor_price"]
        v = v if isinstance(v, dict) else {"pct_per_year": v}
        v = _dict(v, "vendor_price", problems, ("pct_per_year",))
        if "pct_per_year" in v:
            out["vendor_price"]["pct_per_year"] = _number(v["pct_per_year"], "vendor_price.pct_per_year",
                                                          problems, "vendor_price", "pct_per_year")
    if "delayed_migration" in raw:
        d = raw["delayed_migration"]
        d = d if isinstance(d, dict) else {"year": d}
        d = _dict(d, "delayed_migration", problems, ("year",))
        if d.get("year") is not None:
            out["delayed_migration"]["year"] = _number(d["year"], "delayed_migration.year", problems,
                                                       "delayed_migration", "year", integer=True)
    if "measures" in raw:
        for code, value in _dict(raw["measures"], "measures", problems, MEASURES).items():
            if code not in MEASURES:
                continue
            value = value if isinstance(value, dict) else {"adoption": value}
            value = _dict(value, f"measures.{code}", problems, ("adoption", "start_fy"))
            for param in ("adoption", "start_fy"):
                if param in value:
                    out["measures"][code][param] = _number(
                        value[param], f"measures.{code}.{param}", problems, "measures", param,
                        integer=param == "start_fy")
    if problems:
        raise LeverError(problems)
    return out


def compact(levers: dict) -> dict:
    """Only what differs from neutral, in the levers-file shape (JSON keys are strings)."""
    base, out = neutral(), {}
    for key in KEYS:
        if levers[key] == base[key]:
            continue
        value = copy.deepcopy(levers[key])
        if key == "fx":
            value = {str(y): v for y, v in value.items()}
        if key == "measures":
            value = {m: v for m, v in value.items() if v != base["measures"][m]}
        out[key] = value
    return out


def to_json(levers: dict) -> str:
    return json.dumps(compact(levers), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
