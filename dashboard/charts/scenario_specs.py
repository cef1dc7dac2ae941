"""The scenario charts as chart-catalog entries, so the council pack and the chart downloads
get them like any other chart: comparison (actual, budget, estimate and scenarios with the
uncertainty band), tornado, and net burden after funding. In the pack they show the neutral
scenario and the latest versions of up to 3 scenarios saved for the scope; each reading
names the scenarios and their levers (the stamp)."""
from __future__ import annotations

from dashboard.charts import scenario as charts

KEYS = ("scenario_comparison", "scenario_tornado", "scenario_net_burden")
TITLES = {
    "scenario_comparison": ("シナリオ比較（実績・予算・見積・シナリオ、令和12年度まで）",
                            "Scenarios compared with actual, budget and estimate to FY2030"),
    "scenario_tornado": ("令和12年度の削減率に対する各レバーの感度", "Sensitivity of the FY2030 reduction rate to each lever"),
    "scenario_net_burden": ("支出と財源控除後の実質負担（政策KPIとは別）",
                            "Cash and net burden after funding (not the policy KPI)"),
}


def _bundle(c):
    from dashboard.scenario import view
    if "scenario_bundle" not in c._memo:
        c._memo["scenario_bundle"] = view.bundle(c.fetch, c.scope, view.saved_for_export(c.fetch, c.scope, c.lang),
                                                 lang=c.lang)
    return c._memo["scenario_bundle"]


def _stamp(b, lang: str, first_only: bool = False) -> str:
    sep = "；" if lang == "ja" else "; "
    head = "シナリオ: " if lang == "ja" else "Scenarios: "
    pairs = list(zip(b.names, b.lever_texts))[:1 if first_only else None]
    return head + sep.join(f"{n}（{t}）" if lang == "ja" else f"{n} ({t})" for n, t in pairs)


def _comparison(c):
    b = _bundle(c)
    return c.spec("scenario_comparison", charts.comparison(b.stored, b.runs, b.events, **c.kw),
                  charts.comparison_reading(b.runs, **c.kw) + " " + _stamp(b, c.lang),
                  charts.runs_table(b.runs, **c.kw), b.runs.empty)


def _tornado(c):
    b = _bundle(c)
    return c.spec("scenario_tornado", charts.tornado(b.tornado, b.base_rate, lang=c.lang),
                  charts.tornado_reading(b.tornado, lang=c.lang) + " " + _stamp(b, c.lang, first_only=True),
                  charts.tornado_table(b.tornado, lang=c.lang), b.tornado.empty)


def _net_burden(c):
    b = _bundle(c)
    return c.spec("scenario_net_burden", charts.net_burden(b.runs, b.events, **c.kw),
                  charts.net_burden_reading(b.runs, b.cap, **c.kw) + " " + _stamp(b, c.lang),
                  charts.runs_table(b.runs, **c.kw), b.runs.empty)


BUILDERS = {"scenario_comparison": _comparison, "scenario_tornado": _tornado,
            "scenario_net_burden": _net_burden}
