"""Imports by role, the peer rule, and the export command under a role."""
from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from dashboard import access, queries, store
from dashboard.ingest import pipeline
from dashboard.scope import Scope
from tests import access_fixtures as F
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return F.build(tmp_path_factory.mktemp("access_data") / "real.duckdb", batch_kind=None)


CSV = ("団体コード,年度,業務,費目,区分,金額\n"
       "352012,2026,01,sw_lease,estimate,1000\n"        # 下関市 (山口県)
       "{other},2026,01,sw_lease,estimate,2000\n")


def test_prefecture_import_with_another_prefectures_row_is_refused_and_changes_nothing(db, tmp_path):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    content = CSV.format(other="131016").encode()      # 千代田区 (東京都)
    report = pipeline.import_files(db, [("mixed.csv", content)], user="yamaguchi",
                                   allowed=Scope("pref", "35"))
    assert not report.ok and not report.batches
    text = "\n".join(str(p) for p in report.problems)
    assert "131016" in text and "mixed.csv" in text
    assert "3" in text                                 # the spreadsheet row is named
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with store.reader(db) as con:
        assert queries.run(con, "ingest/history")["file_name"].tolist().count("mixed.csv") == 0


def test_organization_may_import_only_its_own_rows(db):
    content = CSV.format(other="232033").replace("352012", "232017").encode()   # 名古屋市 + 一宮市
    report = pipeline.import_files(db, [("aichi.csv", content)], user="ichinomiya",
                                   allowed=Scope("org", "232033"), dry_run=True)
    assert not report.ok
    assert any("232017" in str(p) for p in report.problems)
    own = "団体コード,年度,業務,費目,区分,金額\n232033,2026,01,sw_lease,estimate,1000\n".encode()
    assert pipeline.import_files(db, [("own.csv", own)], allowed=Scope("org", "232033"),
                                 dry_run=True).ok


def test_import_rights_by_role(tmp_path, monkeypatch):
    monkeypatch.setenv("SANWARI_USERS", str(F.make_users(tmp_path / "users.toml")))
    assert access.import_scope(access.user_named("yamaguchi")) == Scope("pref", "35")
    assert access.import_scope(access.user_named("ichinomiya")) == Scope("org", "232033")
    assert access.import_scope(access.user_named("nat")) is None
    with pytest.raises(access.ImportNotAllowed):
        access.import_scope(access.user_named("yamaguchi_ro"))


# ---------------------------------------------------------------- peers
def _kernel_quantile(values, p):
    """The published quartile, worked out separately: triangular weights of half-width 2 around
    h = 1 + (n - 1) p over the sorted values, then 3 significant figures."""
    values = sorted(values)
    h = 1 + (len(values) - 1) * p
    weights = [max(0.0, 2 - abs(rank - h)) for rank in range(1, len(values) + 1)]
    return float(f"{sum(w * v for w, v in zip(weights, values)) / sum(weights):.3g}")


def test_peers_only_as_aggregates_of_at_least_five(db):
    with store.reader(db) as con:
        peers = queries.run(con, "pages/peer_stats", Scope("org", "232033"), fy=2026)
        orgs = con.execute("select org_code, peer_group, population from organization").df()
        years = con.execute("select org_code, baseline_yen, current_yen from mart_org_year "
                            "where fiscal_year = 2026 and baseline_yen > 0 and current_yen > 0").df()
    assert list(peers["org_code"]) == ["232033"]          # one row: its own, never a list of peers
    assert set(peers.columns) == {"org_code", "peer_group", "published", "ratio", "per_capita_yen",
                                  "ratio_q1", "ratio_median", "ratio_q3", "per_capita_q1",
                                  "per_capita_median", "per_capita_q3"}
    # the expected aggregate, worked out with plain pandas
    group = orgs.set_index("org_code").loc["232033", "peer_group"]
    members = years.merge(orgs, on="org_code")
    members = members[members["peer_group"] == group]
    ratios = members["current_yen"] / members["baseline_yen"]
    row = peers.iloc[0]
    assert len(members) >= 5 and bool(row["published"])
    assert row["ratio_median"] == _kernel_quantile(ratios, 0.5)
    assert row["ratio_q1"] == _kernel_quantile(ratios, 0.25)
    assert row["per_capita_q3"] == _kernel_quantile(members["current_yen"] / members["population"], 0.75)


def test_small_peer_groups_show_no_statistics(db):
    """Every organization whose group has fewer than 5 reporting members gets no peer figures."""
    with store.reader(db) as con:
        table = queries.run(con, "pages/peer_stats", Scope(), fy=2026)
    sizes = table.groupby("peer_group")["org_code"].transform("count")
    small, big = table[sizes < 5], table[sizes >= 5]
    assert len(small) > 0, "the 3-prefecture database has small groups (e.g. 政令指定都市)"
    peer_cols = [c for c in table.columns if c.endswith(("_q1", "_median", "_q3"))]
    assert small[peer_cols].isna().all().all() and not small["published"].any()
    published = big[big["published"]]
    assert len(published) > 0 and published[peer_cols].notna().all().all()


def test_organization_page_uses_only_the_peer_aggregate_query():
    """The organization page and the chart catalog read peers only through pages/peer_stats."""
    from tests.conftest import ROOT
    src = (ROOT / "dashboard" / "catalog.py").read_text(encoding="utf-8") + \
        (ROOT / "dashboard" / "ui" / "organization.py").read_text(encoding="utf-8")
    assert "pages/peer_stats" in src
    assert "peer_group ==" not in src and "peer_group']" not in src


# ---------------------------------------------------------------- export command
def test_export_command_is_limited_to_the_acting_users_role(db, tmp_path):
    users = F.make_users(tmp_path / "users.toml")
    env = {"SANWARI_USERS": str(users), "SANWARI_AUDIT": str(tmp_path / "audit.jsonl")}
    out = tmp_path / "out"
    refused = run_cli("export", "--db", db, "--scope", "pref:13", "--format", "xlsx", "--out", out,
                      "--as-user", "yamaguchi", "--quiet", env=env)
    assert refused.returncode == 2 and "scope" in refused.stderr
    assert not out.exists() or not any(out.iterdir())
    ok = run_cli("export", "--db", db, "--scope", "pref:35", "--format", "xlsx", "--out", out,
                 "--as-user", "yamaguchi", "--quiet", "--fy", "2026", env=env)
    assert ok.returncode == 0, ok.stderr
    files = list(out.iterdir())
    assert len(files) == 1
    book = pd.read_excel(files[0], sheet_name=None, header=None)
    text = "\n".join(f.to_csv() for f in book.values())
    leaked = [n for n in F.outside_names(Scope("pref", "35")) if n in text]
    assert not leaked, leaked[:10]
    log = (tmp_path / "audit.jsonl").read_text()
    assert '"who": "yamaguchi"' in log and '"action": "export"' in log and "pref:35" in log
