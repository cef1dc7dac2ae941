"""A database whose marts an older version built is refused with a message, not a missing
column; the next write rebuilds its marts to the current columns, figure for figure."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from dashboard import metrics, store
from dashboard.scope import Scope


def test_older_marts_are_refused_then_rebuilt_by_the_next_write(small_db, tmp_path):
    db = tmp_path / "old.duckdb"
    shutil.copyfile(small_db, db)
    with store.reader(small_db) as con:
        before = metrics.summary(con, Scope(), 2026)
    con = duckdb.connect(str(db))                  # what an older version left: other columns
    con.execute("update meta set value = '1' where key = 'marts_version'")
    con.execute("alter table mart_org_year drop column on_target")
    con.close()
    with pytest.raises(store.StoreOutdated, match="older version"):
        with store.reader(db):
            pass
    with store.writer(db):
        pass                                       # any write: marts dropped and rebuilt
    with store.reader(db) as con:
        assert metrics.summary(con, Scope(), 2026) == before
        assert before["orgs_on_target"] == 2
