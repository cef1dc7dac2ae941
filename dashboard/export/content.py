"""What a council pack holds, independent of its format.

`pack.py` fills a `PackContent` once (charts rendered in one batch, captions, the summary,
the definitions, the data table); `pptx.py`, `pdf.py`, `xlsx.py` and `png.py` only lay it out.
So the four formats cannot disagree with each other or with `summary --json`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import fiscal, i18n, reference
from dashboard.config import BASELINE_FY
from dashboard.export import captions
from dashboard.export.stamp import ExportMeta, basis_label


@dataclass
class PackChart:
    key: str
    title: str
    caption: str
    table: pd.DataFrame | None = None
    png: bytes | None = None          # stamped, 1600x900 at scale 2 (None for XLSX-only packs)


@dataclass
class PackContent:
    meta: ExportMeta
    summary: dict
    charts: list[PackChart] = field(default_factory=list)
    # charts.tables.over_baseline: organizations over their baseline, worst first (None: none given)
    over: pd.DataFrame | None = None
    created_at: str = ""                 # JST with 和暦, filled in on creation

    def __post_init__(self):
        if not self.created_at:
            self.created_at = fiscal.jst_text(fiscal.now_jst(), self.meta.lang)

    @property
    def lang(self) -> str:
        return self.meta.lang

    @property
    def title(self) -> str:
        if self.lang == "ja":
            return "標準化対象20業務の運用経費等　会議資料"
        return "Operating costs of the 20 standardized systems: council briefing"

    def subtitle(self) -> str:
        return self.meta.subtitle()

    def key_lines(self) -> list[str]:
        return [captions.headline(self.summary, self.lang, who=self.meta.scope_label),
                captions.coverage(self.summary, self.lang)]

    def over_title(self) -> str:
        n = 0 if self.over is None else len(self.over)
        if self.lang == "ja":
            return f"基準年度を上回る団体（{n:,} 団体、超過額の大きい順）"
        return f"Organizations over their FY2018 baseline ({i18n.plural(n, 'organization')}, largest excess first)"

    def over_rows(self, limit: int | None = None) -> pd.DataFrame:
        """The ranked table as text (slides, handout); at most `limit` rows."""
        from dashboard.charts import tables
        if self.over is None:
            return pd.DataFrame()
        frame = self.over if limit is None else self.over.head(limit)
        return tables.over_baseline_text(frame, self.lang)

    def definitions(self) -> list[tuple[str, str]]:
        return definitions(self.meta, self.summary)

    def data_table(self) -> pd.DataFrame:
        return data_table(self.summary, self.meta.unit, self.lang)


def definitions(meta: ExportMeta, summary: dict) -> list[tuple[str, str]]:
    """(term, explanation) pairs for the definitions slide/page/sheet."""
    s, ja = summary, meta.lang == "ja"
    base = i18n.fiscal_year(BASELINE_FY, meta.lang)
    year = i18n.fiscal_year(meta.fiscal_year, meta.lang)
    unit = i18n.unit_label(meta.unit, meta.lang)
    if ja:
        rows = [
            ("基準年度", f"{base}の実績。団体×業務ごとに全費目を合計した額。"),
            ("対象年度と区分", f"{year}。団体×業務ごとに 実績＞予算＞見積 の順で最良の区分を一つだけ用い、"
                          f"混在させない。予算・見積を含む年度は「見込」と表示（この資料：{basis_label(meta.basis)}）。"),
            ("比較可能な範囲（カバレッジ）",
             f"基準年度と対象年度の両方がある団体×業務の組だけを率に算入。"
             f"比較可能な組 {s['pairs_matched']:,}／基準年度のある組 {s['pairs_with_baseline']:,}、"
             f"団体 {s['orgs_reporting']:,}／{s['orgs_in_scope']:,}。"),
            ("基準年度比", f"対象年度額 ÷ 基準年度額 − 1 を符号付きの百分率で示す（＋は増加、{i18n.MINUS}は減少）。"
                      f"倍率 = 対象年度額 ÷ 基準年度額。目標は {i18n.target_text('ja')}。"),
            ("目標額・目標までの差", "目標額 = 基準年度額 × 7 ÷ 10（円未満切捨て）。差 = 対象年度額 − 目標額（0以下なら達成）。"),
            ("団体の判定", "基準年度を上回る：団体の対象年度額 ＞ 基準年度額。3割削減を達成：対象年度額 ≦ 基準年度額 × 0.7。"),
            ("金額の単位", f"集計はすべて円（整数）。表示は{unit}。表計算ファイルの金額は円。"),
            ("範囲・データ時点", f"{meta.scope_label}。データ時点 {meta.data_as_of or '—'}。{meta.source_text}"),
        ]
        if meta.is_demo:
            rows.append(("注意", i18n.DEMO_NOTICE["ja"]))
        return rows
    rows = [
        ("Baseline", f"{base} actuals: all cost items of each organization × system."),
        ("Year and basis", f"{year}; per organization × system the best basis present "
                           f"(actual > budget > estimate), never mixed. Years resting on budgets "
                           f"or estimates are labelled projected (here: {basis_label(meta.basis, 'en')})."),
        ("Coverage", f"Only pairs with both the baseline and the year enter a rate: "
                     f"{s['pairs_matched']:,} of {s['pairs_with_baseline']:,} pairs, "
                     f"{s['orgs_reporting']:,} of {s['orgs_in_scope']:,} organizations."),
        ("Change vs FY2018", f"current ÷ baseline − 1 as a signed percentage (+ increase, {i18n.MINUS} decrease); "
                             f"ratio = current ÷ baseline. Target: {i18n.target_text('en')}."),
        ("Target and gap", "target = floor(7 × baseline ÷ 10); gap = current − target (≤ 0: reached)."),
        ("Organizations", "over baseline: current > baseline; on target: current ≤ 0.7 × baseline."),
        ("Units", f"All sums in integer yen; shown in {unit}; spreadsheet amounts in yen."),
        ("Scope and data", f"{meta.scope_label}; data as of {meta.data_as_of or '—'}. {meta.source_text}"),
    ]
    if meta.is_demo:
        rows.append(("Note", i18n.DEMO_NOTICE["en"]))
    return rows


def _ratio(baseline: int, current: int) -> float | None:
    return current / baseline if baseline else None


def data_table(summary: dict, unit: str, lang: str = "ja") -> pd.DataFrame:
    """By operation, plus a total row: the closing table of slides and handout (display units)."""
    names = reference.load("system").set_index("system_code")
    name_col = "name_ja" if lang == "ja" else "name_en"
    fy, ulabel = summary["fiscal_year"], i18n.unit_label(unit, lang)
    rows = [(r["system"], names.loc[r["system"], name_col], r["baseline_yen"], r["current_yen"])
            for r in summary["by_system"] if r["baseline_yen"] or r["current_yen"]]
    rows.append(("", "合計" if lang == "ja" else "Total", summary["baseline_yen"], summary["current_yen"]))
    if lang == "ja":
        cols = ["コード", "業務", f"基準年度（{ulabel}）", f"{i18n.wareki(fy)}（{ulabel}）", "倍率", "基準年度比"]
    else:
        cols = ["Code", "System", f"Baseline ({ulabel})", f"FY{fy} ({ulabel})", "Ratio", "Change vs FY2018"]
    out = []
    for code, name, base, cur in rows:
        ratio = _ratio(base, cur)
        out.append([code, name, i18n.money(base, unit, lang, with_unit=False),
                    i18n.money(cur, unit, lang, with_unit=False),
                    "—" if ratio is None else f"{ratio:.2f}",
                    "—" if ratio is None else i18n.change(ratio - 1, lang, prefix=False)])
    return pd.DataFrame(out, columns=cols)
