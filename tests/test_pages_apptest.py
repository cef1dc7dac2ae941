"""AppTest smoke test of every page, for national, prefecture and organization parameters,
in Japanese and English: no exception, and the KPI cards show the numbers of
`python -m dashboard summary --json` (a separate process) for the same scope and year.
The expected strings are formatted here, independently of dashboard.i18n.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, summary_json

APP = str(ROOT / "dashboard" / "app.py")
FY = 2026
UNIT_TEXT = {"ja": "百万円", "en": "million yen"}

CASES = [  # page file, query parameters, scope for summary --json (None: no KPI cards)
    (None, {}, "national"),
    (None, {"lang": "en", "fy": str(FY)}, "national"),
    ("ui/prefecture.py", {"pref": "35"}, "pref:35"),
    ("ui/prefecture.py", {"pref": "35", "lang": "en"}, "pref:35"),
    ("ui/organization.py", {"org": "352012"}, "org:352012"),
    ("ui/organization.py", {"org": "352012", "lang": "en"}, "org:352012"),
    ("ui/organization.py", {"org": "350001"}, "org:350001"),       # 山口県 itself
    ("ui/factors.py", {}, None),
    ("ui/factors.py", {"pref": "35", "lang": "en"}, None),
    ("ui/factors.py", {"org": "352012"}, None),
    ("ui/prefecture.py", {}, None),                                 # nothing chosen yet
    ("ui/organization.py", {}, None),
]


def open_page(db, monkeypatch, page, params) -> AppTest:
    monkeypatch.setenv("SANWARI_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    if page:
        at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at


def japan_fiscal_year() -> int:
    """Worked out from UTC + 9 h, independently of dashboard.fiscal."""
    import datetime
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=9)
    return now.year if now.month >= 4 else now.year - 1


def millions(yen: int, lang: str) -> str:
    return f"{round(yen / 1_000_000):,} {UNIT_TEXT[lang]}"


@pytest.mark.parametrize("page,params,scope", CASES)
def test_page_runs_and_kpis_match_summary(demo_db, monkeypatch, page, params, scope):
    at = open_page(demo_db, monkeypatch, page, params)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"
    lang = params.get("lang", "ja")
    if scope is None:
        return
    fy = int(params.get("fy", FY))
    if "fy" not in params:   # the default is the current fiscal year by Japan's date (demo: 2018-2030)
        fy = japan_fiscal_year()
    year_text = f"令和{fy - 2018}年度 ({fy})" if lang == "ja" else f"FY{fy} (R{fy - 2018})"
    assert any(year_text in c.value for c in at.caption), year_text
    expected = summary_json(demo_db, fy, scope)
    metrics = [m.value for m in at.metric][:6]
    assert metrics[0] == millions(expected["baseline_yen"], lang)
    assert metrics[1] == millions(expected["current_yen"], lang)
    change = -expected["reduction_rate"] * 100        # + = increase, never a negative 削減率
    word = {"ja": ("（増）", "（減）"), "en": (" (increase)", " (decrease)")}[lang][change < 0]
    assert metrics[2] == ("+" if change > 0 else "\u2212") + f"{abs(change):.1f}%" + word
    assert metrics[3] == millions(max(expected["gap_to_target_yen"], 0), lang)
    assert metrics[4] == f"{expected['orgs_over_baseline']:,} / {expected['orgs_reporting']:,}"
    assert metrics[5] == f"{expected['orgs_on_target']:,} / {expected['orgs_reporting']:,}"
    notice = "架空のデモデータ"
    assert any(notice in w.value for w in at.warning), "the demo notice is shown"
    assert any(("令和" in c.value) if lang == "ja" else ("FY" in c.value) for c in at.caption)


def test_unit_and_year_come_from_the_url(demo_db, monkeypatch):
    at = open_page(demo_db, monkeypatch, None, {"unit": "oku", "fy": "2020"})
    expected = summary_json(demo_db, 2020, "national")
    assert at.metric[0].value == f"{expected['baseline_yen'] / 100_000_000:,.1f} 億円"
    assert any("令和2年度 (2020)" in c.value for c in at.caption)


def test_changing_a_filter_writes_the_url(demo_db, monkeypatch):
    at = open_page(demo_db, monkeypatch, "ui/prefecture.py", {"pref": "35"})
    at.selectbox(key="qp_pref").select("13").run()
    assert at.query_params.get("pref") in ("13", ["13"])
    assert "東京都" in at.title[0].value
    at.radio(key="qp_lang").set_value("en").run()
    assert at.query_params.get("lang") in ("en", ["en"])
    assert at.title[0].value.startswith("Prefecture")


def _signed_in_national_page():
    from dashboard import session
    from dashboard.accounts import User
    from dashboard.scope import Scope
    from dashboard.ui import national
    with session.acting_as(User("tester", "local", Scope())):
        national.render()


def test_year_without_data_explains(empty_db, monkeypatch):
    """A signed-in user on a database with no comparable figures gets the explanation, no
    KPI cards and no chart (not the sign-in screen, which an empty database would show the
    anonymous visitor)."""
    monkeypatch.setenv("SANWARI_DB", str(empty_db))
    at = AppTest.from_function(_signed_in_national_page, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "全国概況 — 全国"
    assert [i.value for i in at.info] == [
        "この範囲にはまだ比較できるデータがありません。基準年度（平成30年度の実績）と対象年度の両方がある"
        "団体×業務の組ができると表示されます。"]
    assert not at.metric and not at.get("plotly_chart")


def test_unknown_prefecture_is_refused_not_shown(demo_db, monkeypatch):
    at = open_page(demo_db, monkeypatch, "ui/prefecture.py", {"pref": "99"})
    assert not at.exception
    assert any("範囲" in e.value or "scope" in e.value for e in at.error)
    assert not at.metric


def test_chosen_prefecture_and_year_survive_a_page_switch(demo_db, monkeypatch):
    """st.navigation drops query parameters; the prefecture and year chosen on one page are
    still chosen on the next (要因分析 used to open on 全国)."""
    at = open_page(demo_db, monkeypatch, "ui/prefecture.py", {"pref": "35", "fy": "2024"})
    assert at.selectbox(key="qp_pref").value == "35"
    at.switch_page("ui/factors.py")
    at.query_params.clear()
    at.run()
    assert not at.exception
    assert at.selectbox(key="qp_pref").value == "35"
    assert at.selectbox(key="qp_fy").value == 2024
    at.switch_page("ui/national.py")
    at.query_params.clear()
    at.run()
    assert at.selectbox(key="qp_fy").value == 2024


@pytest.mark.parametrize("params,scope", [({}, "national"), ({"pref": "35"}, "pref:35")])
def test_worse_off_table_shows_the_largest_excesses_first(demo_db, monkeypatch, params, scope):
    """The ranked over-baseline table: the largest excess first, at most 100 rows on the page."""
    import duckdb
    page = None if scope == "national" else "ui/prefecture.py"
    at = open_page(demo_db, monkeypatch, page, params)
    fy = japan_fiscal_year()
    expected = summary_json(demo_db, fy, scope)
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        # worked out from the organization-year mart, not from the page's table code
        top = con.execute(
            "select o.name from mart_org_year m join organization o using (org_code) "
            "where m.fiscal_year = ? and m.current_yen > m.baseline_yen and m.baseline_yen > 0 "
            "and (? = 'national' or o.pref_code = ?) "
            "order by m.current_yen - m.baseline_yen desc, m.org_code limit 1",
            [fy, scope, scope.removeprefix("pref:")]).fetchone()[0]
    finally:
        con.close()
    n = expected["orgs_over_baseline"]
    assert any(f"{n:,} 団体" in h.value for h in at.subheader), [h.value for h in at.subheader]
    table = at.dataframe[0].value
    assert len(table) == min(n, 100)
    assert table.iloc[0, 1].endswith(top) and table.iloc[0, 0] == 1
    excess = table.iloc[:, 2].tolist()
    assert excess == sorted(excess, reverse=True)
    assert any(f"全 {n:,} 団体" in c.value for c in at.caption) == (n > 100)
