"""AppTest of /scenarios: move a lever, save, compare two scenarios, reload the URL and get
the same view. Runs on a copy of the demo database (saving writes to it).

Expected numbers come from `python -m dashboard scenario --json` / `scenario show` with the
same levers, which read the database on their own rather than through the page (the formulas
themselves are checked by hand in test_scenario_levers.py). Each step asserts the figures:
the FY2030 cost and change after a lever move, the saved levers and their figures, both saved
scenarios' FY2030 points on the comparison chart and in its reading, and after reloading the
address the same lever values, comparison and figures.
"""
from __future__ import annotations

import base64
import json
import shutil

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest


def _page():
    # The page alone (as tests/test_export_page.py does): under app.py, AppTest reruns every
    # run once on its own (the old-style pages/ guard), which drops button clicks.
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path.cwd()))
    from dashboard.ui import scenarios
    scenarios.render()


@pytest.fixture
def db(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    monkeypatch.setenv("SANWARI_DB", str(path))
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    return path


def open_page(params: dict) -> AppTest:
    at = AppTest.from_function(_page, default_timeout=240)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def cli_fy2030(cli, db, tmp_path, levers: dict) -> dict:
    path = tmp_path / "levers.json"
    path.write_text(json.dumps(levers))
    out = json.loads(cli("scenario", "--db", db, "--scope", "pref:35", "--levers", path, "--json",
                         check=True).stdout)
    return out["years"][-1]


def millions(yen: int) -> str:
    return f"{round(yen / 1_000_000):,} 百万円"


def change(year: dict) -> str:
    """The page's "基準年度比" metric for a CLI year: the change (−reduction rate), one decimal."""
    return f"{-year['reduction_rate']:+.1%}"


def signed(year: dict) -> str:
    """The comparison's reading for a CLI year (U+2212 minus, as on every chart)."""
    change_rate = -year["reduction_rate"]
    return ("+" if change_rate > 0 else "\u2212") + f"{abs(change_rate) * 100:.1f}%"


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def values(data) -> list:
    """A plotly array: a plain list, or numpy's typed-array form {dtype, bdata (base64)}."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def comparison(at: AppTest) -> dict:
    """FY2030 point (百万円) of every scenario line of the comparison chart, by its name."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {t["name"]: values(t["y"])[values(t["x"]).index(2030)] for t in spec["data"]
            if str(t.get("meta", "")).startswith("scenario:")}


def caption(at: AppTest, start: str) -> str:
    return next(c.value for c in at.caption if c.value.startswith(start))


def state(at: AppTest) -> dict:
    return {"cost": metric(at, "令和12年度の経費"), "change": metric(at, "基準年度比"),
            "gap": metric(at, "目標まで"), "vendor": at.slider(key="lv_vendor").value,
            "fx": at.slider(key="lv_fx").value, "share": at.slider(key="lv_commit_share").value,
            "compare": list(at.multiselect(key="scn_compare").value),
            "levers": at.query_params.get("levers"), "lines": comparison(at),
            "reading": caption(at, "令和12年度（2030）の基準年度比")}


def test_move_save_compare_reload(db, cli, tmp_path):
    at = open_page({"pref": "35"})
    neutral = cli_fy2030(cli, db, tmp_path, {})
    assert metric(at, "令和12年度の経費") == millions(neutral["cost_yen"])
    assert metric(at, "基準年度比") == change(neutral)

    at.slider(key="lv_vendor").set_value(10.0).run()          # move a lever
    assert not at.exception
    moved = cli_fy2030(cli, db, tmp_path, {"vendor_price": 10})
    assert moved["cost_yen"] > neutral["cost_yen"]             # the lever does move the figure
    assert metric(at, "令和12年度の経費") == millions(moved["cost_yen"])
    assert metric(at, "基準年度比") == change(moved)
    assert json.loads(at.query_params["levers"]) == {"vendor_price": {"pct_per_year": 10.0}}

    at.text_input(key="scn_name").input("価格改定10%").run()    # save
    at.button(key="scn_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    first_id = at.query_params["scenario"]
    listed = json.loads(cli("scenario", "list", "--db", db, "--json", check=True).stdout)
    assert [(r["scenario_id"], r["name"], r["scope"]) for r in listed] == [(int(first_id), "価格改定10%", "pref:35")]
    shown = json.loads(cli("scenario", "show", "--id", first_id, "--db", db, "--json", check=True).stdout)
    assert shown["levers"] == {"vendor_price": {"pct_per_year": 10.0}}
    assert shown["years"][-1]["cost_yen"] == moved["cost_yen"]

    at.slider(key="lv_fx").set_value(160.0).run()             # a second scenario
    at.text_input(key="scn_name").input("円安160").run()
    at.button(key="scn_save").click().run()
    second_id = at.query_params["scenario"]
    assert second_id != first_id
    at.multiselect(key="scn_compare").set_value([int(first_id)]).run()   # compare the two
    assert at.query_params["compare"] == first_id
    both = cli_fy2030(cli, db, tmp_path, {"vendor_price": 10, "fx": 160})
    assert metric(at, "令和12年度の経費") == millions(both["cost_yen"])
    # the comparison chart carries both saved scenarios, each with its own FY2030 figure
    lines = comparison(at)
    assert lines == {"円安160": pytest.approx(both["cost_yen"] / 1e6, abs=1e-6),
                     f"#{first_id} 価格改定10%": pytest.approx(moved["cost_yen"] / 1e6, abs=1e-6)}
    reading = caption(at, "令和12年度（2030）の基準年度比")
    assert f"円安160 {signed(both)}" in reading and f"#{first_id} 価格改定10% {signed(moved)}" in reading

    at.slider(key="lv_commit_share").set_value(0.5).run()     # an unsaved change on top
    before = state(at)
    params = dict(at.query_params)
    assert "levers" in params and params["scenario"] == second_id and params["compare"] == first_id
    on_top = cli_fy2030(cli, db, tmp_path, {"vendor_price": 10, "fx": 160, "commitment": {"share": 0.5}})
    assert on_top["cost_yen"] < both["cost_yen"]
    assert before["cost"] == millions(on_top["cost_yen"]) and before["change"] == change(on_top)

    again = open_page(params)                                  # reload the URL
    assert state(again) == before
    assert again.slider(key="lv_fx").value == 160.0 and again.slider(key="lv_vendor").value == 10.0
    assert again.slider(key="lv_commit_share").value == 0.5
    assert list(again.multiselect(key="scn_compare").value) == [int(first_id)]
