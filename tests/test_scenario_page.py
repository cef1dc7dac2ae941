"""AppTest of /scenarios: move a lever, save, compare two scenarios, reload the URL and get
the same view. Runs on a copy of the demo database (saving writes to it).

Expected numbers come from `python -m dashboard scenario --json` run in a separate process
with the same levers (the formulas themselves are checked by hand in test_scenario_levers.py).
"""
from __future__ import annotations

import json
import shutil

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


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def state(at: AppTest) -> dict:
    return {"cost": metric(at, "令和12年度の経費"), "vendor": at.slider(key="lv_vendor").value,
            "fx": at.slider(key="lv_fx").value, "compare": list(at.multiselect(key="scn_compare").value),
            "levers": at.query_params.get("levers"),
            "traces": [t.get("name") for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]}


def test_move_save_compare_reload(db, cli, tmp_path):
    at = open_page({"pref": "35"})
    neutral = cli_fy2030(cli, db, tmp_path, {})
    assert metric(at, "令和12年度の経費") == millions(neutral["cost_yen"])

    at.slider(key="lv_vendor").set_value(10.0).run()          # move a lever
    assert not at.exception
    moved = cli_fy2030(cli, db, tmp_path, {"vendor_price": 10})
    assert metric(at, "令和12年度の経費") == millions(moved["cost_yen"])
    assert json.loads(at.query_params["levers"]) == {"vendor_price": {"pct_per_year": 10.0}}

    at.text_input(key="scn_name").input("価格改定10%").run()    # save
    at.button(key="scn_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    first_id = at.query_params["scenario"]
    listed = json.loads(cli("scenario", "list", "--db", db, "--json", check=True).stdout)
    assert [(r["scenario_id"], r["name"], r["scope"]) for r in listed] == [(int(first_id), "価格改定10%", "pref:35")]

    at.slider(key="lv_fx").set_value(160.0).run()             # a second scenario
    at.text_input(key="scn_name").input("円安160").run()
    at.button(key="scn_save").click().run()
    second_id = at.query_params["scenario"]
    assert second_id != first_id
    at.multiselect(key="scn_compare").set_value([int(first_id)]).run()   # compare the two
    assert at.query_params["compare"] == first_id
    names = state(at)["traces"]
    assert "円安160" in names and f"#{first_id} 価格改定10%" in names
    both = cli_fy2030(cli, db, tmp_path, {"vendor_price": 10, "fx": 160})
    assert metric(at, "令和12年度の経費") == millions(both["cost_yen"])

    at.slider(key="lv_commit_share").set_value(0.5).run()     # an unsaved change on top
    before = state(at)
    params = dict(at.query_params)
    assert "levers" in params and params["scenario"] == second_id

    again = open_page(params)                                  # reload the URL
    assert state(again) == before
