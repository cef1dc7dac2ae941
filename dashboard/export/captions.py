"""Short captions written from the data, for slides, handouts and the title page.

Each works from the `summary` object (dashboard.metrics.summary, the same numbers as
`summary --json`) so that a caption can never disagree with the table beside it, e.g.
「令和8年度見込みの運用経費は基準年度比 +110.0%（2.1倍）、3割削減まであと12.4億円」.
"""
from __future__ import annotations

from dashboard import i18n


def amount(yen: int, lang: str = "ja") -> str:
    """An amount in the unit a reader says aloud: 12.4億円, 350百万円, 820千円 (1.2 billion yen)."""
    yen = abs(int(yen))
    if lang != "ja":
        for size, word in ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand")):
            if yen >= size:
                return f"{yen / size:,.1f} {word} yen"
        return f"{yen:,} yen"
    if yen >= 100_000_000:
        return f"{yen / 100_000_000:,.1f}億円"
    if yen >= 1_000_000:
        return f"{yen / 1_000_000:,.0f}百万円"
    return f"{yen / 1_000:,.0f}千円"


def _times(value: float) -> str:
    return f"{value:.1f}" if value >= 1.1 else f"{value:.2f}"


def _year(summary: dict, lang: str) -> str:
    fy = summary["fiscal_year"]
    projected = summary.get("basis") == "projected"
    if lang == "ja":
        return f"{i18n.wareki(fy)}{'見込み' if projected else '実績'}"
    return f"FY{fy} ({'projected' if projected else 'actual'})"


def headline(summary: dict, lang: str = "ja", who: str | None = None) -> str:
    """The verdict sentence: signed change against FY2018, the ratio, and the distance to the
    −30% target, e.g. 「山口県の令和8年度見込みは基準年度比 +230.5%（3.3倍）、3割削減まであと92.3億円」."""
    baseline, current = summary["baseline_yen"], summary["current_yen"]
    gap = summary["gap_to_target_yen"]
    year = _year(summary, lang)
    subject = (f"{who}の{year}" if who else f"{year}の運用経費") if lang == "ja" else \
        (f"{who}, {year}" if who else year)
    if not baseline:
        return (f"{subject}は基準年度（平成30年度）と比較できるデータがありません"
                if lang == "ja" else f"{subject}: no figures comparable with the FY2018 baseline")
    times = current / baseline
    change = i18n.signed_percent(times - 1)
    if lang == "ja":
        # 2.1倍 reads well; near or below 1 the second decimal matters (0.68倍, 1.04倍)
        head = f"{subject}は基準年度比 {change}（{_times(times)}倍）"
        if gap > 0:
            return f"{head}、3割削減まであと{amount(gap)}"
        return f"{head}、3割削減を達成（目標を{amount(-gap)}下回る）" if gap < 0 \
            else f"{head}、3割削減をちょうど達成"
    head = f"{subject}: operating costs {change} vs FY2018 ({_times(times)}x)"
    if gap > 0:
        return f"{head}; {amount(gap, 'en')} still to cut to reach {i18n.MINUS}30%"
    return f"{head}; the {i18n.MINUS}30% target is reached ({amount(-gap, 'en')} below it)"


def coverage(summary: dict, lang: str = "ja") -> str:
    """Who is behind the rate: reporting organizations, over baseline, on target."""
    s = summary
    if lang == "ja":
        return (f"比較可能な団体 {s['orgs_reporting']:,}／{s['orgs_in_scope']:,}"
                f"（業務 {s['pairs_matched']:,}件）、基準年度を上回る団体 {s['orgs_over_baseline']:,}、"
                f"3割削減を達成した団体 {s['orgs_on_target']:,}")
    return (f"{s['orgs_reporting']:,} of {i18n.plural(s['orgs_in_scope'], 'organization')} comparable "
            f"({i18n.plural(s['pairs_matched'], 'system')}); {s['orgs_over_baseline']:,} above their baseline, "
            f"{s['orgs_on_target']:,} at {i18n.MINUS}30% or better")


def for_chart(reading: str | None, summary: dict, lang: str = "ja") -> str:
    """A chart's caption: its own one-line reading when the catalog gives one, else the headline."""
    reading = (reading or "").strip()
    return reading or headline(summary, lang)
