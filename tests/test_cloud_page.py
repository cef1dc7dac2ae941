"""The /cloud page in AppTest for a national and an organization user, on imported FOCUS
files (tests/cloud_fixtures.py): the figures shown are the hand-worked ones, and the
organization user sees only its own rows and its share of the shared accounts."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import cloud_fixtures as cf
from dashboard import accounts, store
from dashboard.cloud import importer
from dashboard.scope import Scope
from tests import access_fixtures as F
from tests.conftest import ROOT
from tests.test_access_apptest import rendered_text, sign_in

APP = str(ROOT / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def cloud_env(tmp_path_factory):
    base = tmp_path_factory.mktemp("cloud_page")
    db = base / "cloud.duckdb"
    with store.writer(db, create=True):
        pass
    importer.import_paths(db, list(cf.scenario(base / "in").values()))
    users = base / "users.toml"
    accounts.add("nat", Scope(), may_import=True, password=F.PASSWORD, path=users)
    accounts.add("hakodate", Scope("org", cf.HAKODATE), may_import=False, password=F.PASSWORD, path=users)
    return {"db": db, "users": users, "audit": base / "audit.jsonl"}


@pytest.fixture
def env(cloud_env, monkeypatch):
    F.set_env(monkeypatch, cloud_env["db"], cloud_env["users"], cloud_env["audit"])
    return cloud_env




def goto(at: AppTest, params: dict) -> AppTest:
    at.query_params.clear()
    at.query_params.update({"unit": "sen", **params})
    at.switch_page("ui/cloud.py")
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


def figure_of(at: AppTest, meta: str) -> dict:
    import json
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if any(t.get("meta") == meta for t in spec["data"]):
            return spec
    raise AssertionError(f"no chart with meta {meta}")


def test_national_user_sees_all_and_unallocated(env):
    at = goto(sign_in("nat"), {})
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "請求額") == "1,005 千円"                   # ¥1,005,060 (FY2026)
    assert metric(at, "長期継続割引による節減") == "0 千円"   # ¥100 saved (ContractedCost 500 − EffectiveCost 400)
    trend = figure_of(at, "cloud_trend")
    bars = [t for t in trend["data"] if t["type"] == "bar"]
    assert [b["name"] for b in bars] == ["Compute"] and bars[0]["y"] == [1005.06]
    text = rendered_text(at)
    assert "999999999999" in text and "unmapped" in text              # unallocated, named
    assert "INV-AZ-1" in text                                          # reconciliation per invoice


def test_organization_user_sees_only_its_share(env):
    at = goto(sign_in("hakodate"), {})
    assert not at.exception, [e.value for e in at.exception]
    # 107,495 (population) + 33 (equal) + 750 (tag) + 32 (population of the untagged $2)
    assert metric(at, "請求額") == "108 千円"
    trend = figure_of(at, "cloud_trend")
    assert [t for t in trend["data"] if t["type"] == "bar"][0]["y"] == [108.31]
    resources = figure_of(at, "cloud_resources")
    assert resources["data"][0]["y"] == ["vm-hakodate"] and resources["data"][0]["x"] == [0.75]
    forecast = figure_of(at, "cloud_forecast")
    assert [t["y"][-1] for t in forecast["data"][1:]] == [1299.72] * 3     # 12 × April (one month seen)
    text = rendered_text(at)
    for other in ("999999999999", "i-sapporo", "vm-otaru", "vm-own", "sub-own", "844855", "INV-AZ-1", "unmapped"):
        assert other not in text, other


def test_organization_user_cannot_forge_another(env):
    at = goto(sign_in("hakodate"), {"org": cf.SAPPORO})
    assert any("閲覧できる範囲の外" in e.value for e in at.error)
    assert not at.metric and not at.get("plotly_chart")
