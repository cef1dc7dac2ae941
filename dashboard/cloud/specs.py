"""The cloud charts as ChartSpecs (the catalog's shape), for the page and the council pack."""
from __future__ import annotations

from dashboard import store
from dashboard.charts import cloud as charts
from dashboard.catalog import ChartSpec
from dashboard.cloud import report

TITLES = {
    "cloud_trend": ("ガバメントクラウド利用料の月次推移（サービス区分別）", "Government Cloud cost by month and service category"),
    "cloud_services": ("利用料の多いサービス", "Top services"),
    "cloud_resources": ("利用料の多いリソース", "Top resources"),
    "cloud_forecast": ("年度末までの見込み", "Forecast to the fiscal-year end"),
}
KEYS = ("cloud_trend", "cloud_services", "cloud_resources", "cloud_forecast")


def build(f: dict, fy: int, lang: str, unit: str, scope_kind: str) -> list[ChartSpec]:
    """ChartSpecs from report.figures(); top resources only for an organization scope."""
    kw = {"lang": lang, "unit": unit}

    def spec(key, figure, reading, table, empty):
        return ChartSpec(key, TITLES[key][lang == "en"], figure, reading, table, empty)

    out = [spec("cloud_trend", charts.trend(f["month_category"], f["months"], **kw),
                charts.trend_reading(f["months"], **kw), charts.trend_table(f["months"], **kw), f["months"].empty),
           spec("cloud_services", charts.top(f["top_services"], "service_name", **kw),
                charts.top_reading(f["top_services"], "service_name", **kw),
                charts.top_table(f["top_services"], "service_name", **kw), f["top_services"].empty)]
    if scope_kind == "org":
        res = f["top_resources"]
        out.append(spec("cloud_resources", charts.top(res, "resource_id", key="cloud_resources", **kw),
                        charts.top_reading(res, "resource_id", **kw),
                        charts.top_table(res, "resource_id", **kw), res.empty))
    fc = f["forecast"]
    out.append(spec("cloud_forecast", charts.forecast(f["months"], fc, report.fy_months(fy), **kw),
                    charts.forecast_reading(fc, **kw), charts.forecast_table(fc, **kw), fc is None))
    return out


def for_pack(con, scope, fy: int, lang: str, unit: str) -> list[ChartSpec]:
    """The cloud charts of a scope and year for the council pack; none without cloud bills."""
    if fy not in report.years(con, scope):
        return []
    return build(report.figures(con, scope, fy, store.now_utc()), fy, lang, unit, scope.kind)
