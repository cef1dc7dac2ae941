"""Saved scenarios: immutable versions, visible by scope, audited; refusals save nothing."""
from __future__ import annotations

import pytest

from dashboard import access, audit, store
from dashboard.accounts import User
from dashboard.scenario import levers as lv
from dashboard.scenario import saved
from dashboard.scope import Scope


@pytest.fixture
def db(empty_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    return empty_db


def listed(db, viewer: str):
    with store.reader(db) as con:
        return saved.visible(con, Scope.parse(viewer))


def test_versions_are_new_rows_and_old_ones_stay(db):
    first = saved.save(db, Scope("pref", "35"), {"fx": 160}, "円安", author="yamada")
    second = saved.save(db, Scope("pref", "35"), {"fx": 150}, "円安（修正）", author="sato",
                        parent_id=first["scenario_id"])
    assert (second["series_id"], second["version"]) == (first["series_id"], 2)
    with store.reader(db) as con:
        old = saved.get(con, Scope(), first["scenario_id"])
        new = saved.get(con, Scope(), second["scenario_id"])
    assert old["levers"]["fx"][2030] == 160 and old["name"] == "円安" and old["author"] == "yamada"
    assert new["levers"]["fx"][2030] == 150
    frame = listed(db, "national")
    assert frame.set_index("scenario_id")["is_latest"].to_dict() == {1: False, 2: True}
    entries = [e for e in audit.read(db) if e["action"] == "scenario_save"]
    assert [e["target"] for e in entries] == ["scenario 1", "scenario 2"]
    assert entries[0]["detail"]["levers"] == {"fx": {str(y): 160.0 for y in lv.YEARS}}
    assert audit.verify(db) == 2


def test_visibility_follows_the_scope_rules(db):
    saved.save(db, Scope("pref", "35"), {}, "山口県", author="a")
    saved.save(db, Scope("org", "352012"), {}, "下関市", author="b")
    saved.save(db, Scope(), {}, "全国", author="c")
    saved.save(db, Scope("pref", "13"), {}, "東京都", author="d")
    assert set(listed(db, "national")["name"]) == {"山口県", "下関市", "全国", "東京都"}
    assert set(listed(db, "pref:35")["name"]) == {"山口県", "下関市"}
    assert set(listed(db, "org:352012")["name"]) == {"下関市"}
    assert set(listed(db, "org:352021")["name"]) == set()
    with store.reader(db) as con:
        assert saved.get(con, Scope("pref", "13"), 1) is None


def test_refusals_change_nothing(db):
    with pytest.raises(lv.LeverError):
        saved.save(db, Scope(), {"fx": 999}, "x", author="a")
    with pytest.raises(saved.SaveRefused):
        saved.save(db, Scope(), {}, "  ", author="a")
    with pytest.raises(saved.SaveRefused):
        saved.save(db, Scope(), {}, "x", author="a", parent_id=42)
    with pytest.raises(access.OutOfScope):
        saved.save(db, Scope("pref", "35"), {}, "x", author="tokyo",
                   user=User("tokyo", "cli", Scope("pref", "13")))
    assert listed(db, "national").empty
    assert audit.read(db) == []


def test_measure_effect_edit_changes_the_lever_and_is_audited(db):
    from dashboard.scenario import data
    with store.reader(db) as con:
        assert data.measure_effects(data.fetcher(con))["M201"] == 0.25     # measure_effects.csv
    saved.set_effect(db, "M201", 0.4, author="national-team")
    with store.reader(db) as con:
        assert data.measure_effects(data.fetcher(con))["M201"] == 0.4
    assert [e["action"] for e in audit.read(db)] == ["measure_effect"]
    with pytest.raises(access.OutOfScope):
        saved.set_effect(db, "M201", 0.9, author="yamaguchi", user=User("yamaguchi", "cli", Scope("pref", "35")))
    with pytest.raises(saved.SaveRefused):
        saved.set_effect(db, "M201", 1.5, author="national-team")
