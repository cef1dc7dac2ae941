"""Finding 8: rollback was allowed by importer name, not by scope. `import --user NAME` was an
unchecked label, so the 山口県 importer could roll back a batch of 東京都 figures (by naming
itself as the importer of a national file, or by being handed the batch). Now a user may roll
back only a batch whose every row lies inside their scope, and --user is a real account."""
from __future__ import annotations

import pytest

from dashboard import access, store
from dashboard.ingest import load, pipeline
from dashboard.scope import Scope
from tests import access_fixtures as F
from tests.conftest import run_cli
from tests.ingest_fixtures import csv_bytes, current_costs, new_db

HEAD = ["団体コード", "年度", "業務", "費目", "区分", "金額"]
TOKYO = csv_bytes([HEAD, ["131016", "2026", "01", "sw_lease", "見積", "5000"]])          # 千代田区
YAMAGUCHI = csv_bytes([HEAD, ["352012", "2026", "01", "sw_lease", "見積", "7000"]])      # 下関市
MIXED = csv_bytes([HEAD, ["352012", "2026", "01", "sw_lease", "見積", "1"],
                   ["131016", "2026", "01", "sw_lease", "見積", "2"]])


@pytest.fixture
def db(tmp_path, monkeypatch):
    users = F.make_users(tmp_path / "users.toml")
    F.set_env(monkeypatch, tmp_path / "db.duckdb", users, tmp_path / "audit.jsonl")
    path = new_db(tmp_path / "db.duckdb")
    # batch 1: 東京都 figures labelled with the 山口県 importer's name (the old label trick)
    assert pipeline.import_files(path, [("tokyo.csv", TOKYO)], user="yamaguchi").ok
    assert pipeline.import_files(path, [("yamaguchi.csv", YAMAGUCHI)], user="nat").ok     # batch 2
    assert pipeline.import_files(path, [("mixed.csv", MIXED)], user="nat").ok            # batch 3
    return path


def test_a_prefecture_cannot_roll_back_another_prefectures_batch(db):
    with pytest.raises(load.RollbackError, match="outside your scope"):
        pipeline.rollback(db, 1, by="yamaguchi", allowed=Scope("pref", "35"))
    with pytest.raises(load.RollbackError, match="outside your scope"):
        pipeline.rollback(db, 3, by="yamaguchi", allowed=Scope("pref", "35"))   # one row outside
    assert (("131016", 2026, "01", "sw_lease", "estimate", 2)) in current_costs(db)
    pipeline.rollback(db, 2, by="yamaguchi", allowed=Scope("pref", "35"))     # wholly inside: yes
    with store.reader(db) as con:
        state = con.execute("select batch_id, rolled_back_at is not null from batch order by 1").fetchall()
    assert state == [(1, False), (2, True), (3, False)]


def test_the_page_lists_batches_by_scope_not_by_importer_name(db):
    batches = pipeline.history(db)
    touched = pipeline.batch_scopes(db)
    yamaguchi = access.user_named("yamaguchi")
    assert access.visible_batches(yamaguchi, batches, touched)["batch_id"].tolist() == [2]
    ichinomiya = access.user_named("ichinomiya")
    assert access.visible_batches(ichinomiya, batches, touched).empty
    assert sorted(access.visible_batches(access.user_named("nat"), batches, touched)["batch_id"]) == [1, 2, 3]


def test_cli_user_is_a_real_account_with_its_rights_checked(db, tmp_path):
    refused = run_cli("rollback", "--db", db, "--batch", "1", "--user", "yamaguchi")
    assert refused.returncode != 0 and "outside your scope" in refused.stderr
    unknown = run_cli("rollback", "--db", db, "--batch", "2", "--user", "nobody")
    assert unknown.returncode != 0 and "nobody" in unknown.stderr
    read_only = run_cli("rollback", "--db", db, "--batch", "2", "--user", "yamaguchi_ro")
    assert read_only.returncode != 0 and "may not" in read_only.stderr
    f = tmp_path / "tokyo2.csv"
    f.write_bytes(TOKYO)
    imported = run_cli("import", "--db", db, str(f), "--user", "yamaguchi")
    assert imported.returncode != 0 and "131016" in imported.stderr
    owner = run_cli("rollback", "--db", db, "--batch", "1")
    assert owner.returncode == 0 and "database owner" in owner.stdout
    assert "database owner" in " ".join(run_cli("rollback", "--help").stdout.split())
