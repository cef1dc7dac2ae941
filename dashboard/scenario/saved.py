"""Saved scenarios: immutable versions in table scenario_saved, visible by scope, audited.

An edit never changes a stored row: it saves a new version in the same series. Saving
goes through the store's one writing door; levers and scope are checked before the
door opens, so a refused save changes nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dashboard import access, audit, queries, store
from dashboard.accounts import OPERATOR, User
from dashboard.scenario import levers as lv
from dashboard.scope import Scope


class SaveRefused(ValueError):
    pass


def save(db: Path | str, scope: Scope, levers: dict | str, name: str, *, author: str,
         parent_id: int | None = None, note: str | None = None, user: User = OPERATOR) -> dict:
    """Store one version; returns it. Raises LeverError / OutOfScope / SaveRefused.
    `user`: whose scope the save must lie in (the command line acts as the operator; a
    page passes session.current_user())."""
    normalised = lv.parse(levers)      # the levers-file shape (lv.compact of normalised levers)
    access.check(user, scope)
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise SaveRefused("名前は1〜80文字です / the name must have 1 to 80 characters")
    levers_json = lv.to_json(normalised)
    with store.writer(db) as con:
        nxt = queries.run(con, "scenario/saved_next", parent_id=parent_id).iloc[0]
        if not bool(nxt["parent_ok"]):
            raise SaveRefused(f"シナリオ {parent_id} はありません / no scenario {parent_id}")
        if parent_id is not None and nxt["parent_scope"] != str(scope):
            raise SaveRefused("新しい版は元のシナリオと同じ範囲で保存します / a new version keeps "
                              f"the scope of the original ({nxt['parent_scope']})")
        row = {"scenario_id": int(nxt["scenario_id"]), "series_id": int(nxt["series_id"]),
               "version": int(nxt["version"]), "name": name, "scope": str(scope),
               "levers_json": levers_json, "author": author, "created_at": store.now_utc(),
               "note": note}
        queries.run(con, "scenario/saved_insert", scenario_name=name, scenario_scope=str(scope),
                    **{k: v for k, v in row.items() if k not in ("name", "scope")})
    audit.record("scenario_save", who=author, target=f"scenario {row['scenario_id']}",
                 detail={"name": name, "scope": str(scope), "version": row["version"],
                         "series_id": row["series_id"], "levers": json.loads(levers_json)}, db=db)
    return row


def visible(con, viewer: Scope) -> pd.DataFrame:
    """Every saved version the viewer's scope may see, newest series and version first."""
    return queries.run(con, "scenario/saved_list", viewer)


def get(con, viewer: Scope, scenario_id: int) -> dict | None:
    """One saved version if the viewer may see it (None otherwise: no probing of ids)."""
    rows = visible(con, viewer)
    hit = rows[rows["scenario_id"] == int(scenario_id)]
    if hit.empty:
        return None
    row = hit.iloc[0].to_dict()
    row["levers"] = lv.parse(row["levers_json"])
    return row


def set_effect(db: Path | str, measure: str, rate: float, *, author: str, note: str | None = None,
               user: User = OPERATOR) -> None:
    """A national user's edit of a countermeasure's expected effect (appended, audited)."""
    if access.allowed(user).kind != "national":
        raise access.OutOfScope(None, "対策の効果は全国の担当者だけが変更できます。 / "
                                      "Only national users may edit the effects.")
    if measure not in lv.MEASURES:
        raise SaveRefused(f"不明な対策です / unknown countermeasure {measure!r}")
    if not 0 <= rate <= 1:
        raise SaveRefused(f"効果は 0〜1 です / the effect must be 0..1, not {rate}")
    with store.writer(db) as con:
        queries.run(con, "scenario/effect_insert", measure_code=measure, effect_rate=float(rate),
                    changed_at=store.now_utc(), changed_by=author, note=note)
    audit.record("measure_effect", who=author, target=measure, detail={"effect_rate": rate, "note": note}, db=db)
