"""FOCUS import end to end on real files (AWS 1.0 CSV.gz, Azure 1.2 CSV, GCP 1.3 Parquet),
with totals worked out by hand in tests/cloud_fixtures.py."""
from __future__ import annotations

import json

import duckdb
import pytest

import cloud_fixtures as cf
from conftest import run_cli
from dashboard import store
from dashboard.cloud import importer, lake


def build(folder):
    db = folder / "cloud.duckdb"
    with store.writer(db, create=True):
        pass
    files = cf.scenario(folder / "in")
    importer.import_paths(db, list(files.values()), user="tester")
    return db, files


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Read-only use: one import of the three flavours for the whole module."""
    return build(tmp_path_factory.mktemp("cloud"))


@pytest.fixture
def fresh(tmp_path):
    return build(tmp_path)


def cloud_json(db, scope, fy):
    return json.loads(run_cli("cloud", "--db", db, "--scope", scope, "--fy", fy, "--json", check=True).stdout)


def alloc(db, where="true"):
    with store.reader(db) as con:
        return con.execute("select org_code, x_AllocatedMethodId, sub_account_id, sum(billed_yen) "
                           f"from cloud_alloc where {where} group by all order by all").fetchall()


def test_versions_recognised_and_x_columns_kept(loaded):
    db, files = loaded
    # GCP's Parquet carries Tags as JSON text, so it is rewritten with Tags as a MAP (the
    # lake's one type for Tags, as AWS exports it); CSV is rewritten as typed Parquet
    written = lake.root(db) / "import_id=3" / "billing_period=2026-04" / "data_0.parquet"
    assert written.read_bytes() != files["gcp"].read_bytes()
    tags = duckdb.connect().execute("select ResourceId, Tags from read_parquet(?) order by 1",
                                    [str(written)]).fetchall()
    assert tags == [("lb-shared", {"env": "shared"}), ("vm-hakodate", {"gc-org": cf.HAKODATE}),
                    ("vm-otaru", {"gc-org": cf.OTARU, "env": "prod"})]
    assert sorted(p.name for p in (lake.root(db) / "import_id=1").iterdir()) == [
        "billing_period=2026-03", "billing_period=2026-04"]
    history = importer.history(db)
    assert dict(zip(history["file_name"], history["focus_version"])) == {
        "aws_focus_1_0.csv.gz": "1.0", "azure_focuscost_1_2.csv": "1.2", "gcp_focus_1_3.parquet": "1.3"}
    raw = duckdb.connect().execute(
        "select import_id, billing_period, x_UsageType, x_ResourceGroupName, x_ProjectName, AllocatedMethodId "
        "from read_parquet(?, hive_partitioning = true, union_by_name = true) order by all",
        [lake.glob(db)]).fetchall()
    assert (1, "2026-03", "APN1-BoxUsage", None, None, None) in [tuple(map(lambda v: None if v == "" else v, r)) for r in raw]
    assert any(r[3] == "rg-gc" for r in raw) and any(r[4] == "gc-project" for r in raw)
    # our split never goes into the provider's own Allocated* column
    assert {r[5] for r in raw if r[4] == "gc-project"} <= {None, ""}


@pytest.mark.parametrize("version", ["1.3", "1.0"])
def test_parquet_with_map_tags_is_kept_as_is_and_split_by_tag(tmp_path, version):
    """A typed one-month Parquet with Tags as a MAP (AWS Data Exports) is kept byte for byte,
    also as FOCUS 1.0 without InvoiceId and ServiceSubcategory (a zero-row file names them);
    its tags split the shared account as the JSON-text tags do (hand-worked in cloud_fixtures:
    $5 → ¥750 Hakodate, $3 → ¥450 Otaru by tag, $2 → ¥300 by population 254 / 32 / 14)."""
    db = tmp_path / "map.duckdb"
    with store.writer(db, create=True):
        pass
    files = cf.scenario(tmp_path / "in")
    focus = cf.write(tmp_path / "in" / "aws_map_tags.parquet", version, cf.gcp_rows(), map_tags=True)
    importer.import_paths(db, [files["map"], files["fx"], focus])
    month = lake.root(db) / "import_id=1" / "billing_period=2026-04"
    assert (month / "data_0.parquet").read_bytes() == focus.read_bytes()
    assert sorted(p.name for p in month.iterdir()) == (
        ["columns.parquet", "data_0.parquet"] if version == "1.0" else ["data_0.parquet"])
    raw = duckdb.connect().execute("select count(*), count(InvoiceId) from read_parquet(?, union_by_name = true)",
                                   [str(month / "*.parquet")]).fetchall()
    assert raw == [(3, 3 if version == "1.3" else 0)]
    assert alloc(db) == [
        ("011002", "population", "project-tag", 254), ("012025", "population", "project-tag", 32),
        ("012025", "tag", "project-tag", 750), ("012033", "population", "project-tag", 14),
        ("012033", "tag", "project-tag", 450)]


def test_jst_boundary_and_currency(loaded):
    db, _ = loaded
    # $10 at 14:00Z on 31 March is JST 23:00 → FY2025 at ¥139 = ¥1,390
    assert cloud_json(db, "org:011002", 2025)["months"] == [
        {"month": "2026-03", "billed_yen": 1390, "effective_yen": 1390, "list_yen": 1390, "contracted_yen": 1390}]
    # $20 at 15:00Z is JST 00:00 on 1 April → FY2026 at ¥150: 3,000 (effective 2,700, list 3,750, contracted 3,300)
    assert alloc(db, "billing_account_id = '111111111111' and fiscal_year = 2026") == [("011002", "direct", None, 3000)]
    april = cloud_json(db, "national", 2026)["months"][0]
    # 3,000 + ¥1,000,000 + ¥100 + ¥400 + ¥60 (Azure, JPY) + ¥750 + ¥450 + ¥300 (GCP $10 @150)
    assert april == {"month": "2026-04", "billed_yen": 1_005_060, "effective_yen": 1_004_760,
                     "list_yen": 1_005_910, "contracted_yen": 1_005_460}


def test_shared_accounts_split_to_the_yen(loaded):
    db, _ = loaded
    assert alloc(db, "sub_account_id = 'sub-pop'") == [
        ("011002", "population", "sub-pop", 844_855), ("012025", "population", "sub-pop", 107_495),
        ("012033", "population", "sub-pop", 47_650)]
    assert alloc(db, "sub_account_id = 'sub-equal'") == [
        ("011002", "equal", "sub-equal", 34), ("012025", "equal", "sub-equal", 33), ("012033", "equal", "sub-equal", 33)]
    assert alloc(db, "sub_account_id = 'project-tag'") == [
        ("011002", "population", "project-tag", 254), ("012025", "population", "project-tag", 32),
        ("012025", "tag", "project-tag", 750), ("012033", "population", "project-tag", 14),
        ("012033", "tag", "project-tag", 450)]
    with store.reader(db) as con:
        details = json.loads(con.execute("select x_AllocatedMethodDetails from cloud_alloc where "
                                         "sub_account_id = 'sub-pop' and org_code = '012025'").fetchone()[0])
    assert details == {"basis": "population", "tag_key": None, "weight": 251084, "total_weight": 2335778,
                       "account_id": "sub-pop"}
    national = cloud_json(db, "national", 2026)
    assert national["allocated_yen_by_method"] == {"direct": 3460, "equal": 100, "population": 1_000_300, "tag": 1200}
    assert national["unallocated_yen"] == 150            # account 999999999999: $1 @150
    assert national["commitment"] == {"covered_effective_yen": 400, "savings_yen": 100, "unused_yen": 60}


def test_scope_sees_only_its_share(loaded):
    db, _ = loaded
    sapporo = cloud_json(db, "org:011002", 2026)
    # own: 3,000 + 400 + 60; shares: 844,855 + 34 + 254
    assert sapporo["months"][0]["billed_yen"] == 3000 + 400 + 60 + 844_855 + 34 + 254
    hakodate = cloud_json(db, "org:012025", 2026)
    assert hakodate["months"][0]["billed_yen"] == 107_495 + 33 + 750 + 32
    assert hakodate["commitment"] == {"covered_effective_yen": 0, "savings_yen": 0, "unused_yen": 0}
    assert hakodate["unallocated_yen"] is None
    tottori = cloud_json(db, "org:312011", 2026)        # no account of Tottori City: nothing at all
    assert tottori["months"] == [] and tottori["allocated_yen_by_method"] == {}
    assert run_cli("cloud", "--db", db, "--scope", "org:312011", "--json").returncode == 2   # no year to show


def test_completed_year_becomes_gc_usage_actual(loaded):
    db, _ = loaded
    with store.reader(db) as con:
        rows = con.execute("select org_code, fiscal_year, system_code, basis, amount_yen from stg_cost_current "
                           "where item_key = 'gc_usage'").fetchall()
        kinds = con.execute("select kind from batch").fetchall()
    assert rows == [("011002", 2025, "01", "actual", 1390)]   # FY2026 is running: not moved
    assert kinds == [("costs",)]


def test_restatement_replaces_and_rollback_restores(fresh, tmp_path):
    db, _ = fresh
    restated = cf.write(tmp_path / "aws_restated.csv.gz", "1.0", cf.aws_rows(scale_b=2.0))
    importer.import_paths(db, [restated])
    assert alloc(db, "billing_account_id = '111111111111' and fiscal_year = 2026") == [("011002", "direct", None, 6000)]
    history = importer.history(db)
    aws = history[history["billing_account_id"] == "111111111111"]
    assert aws[["import_id", "status"]].values.tolist() == [[4, "current"], [1, "restated"]]
    assert (lake.root(db) / "import_id=1").is_dir() and (lake.root(db) / "import_id=4").is_dir()
    importer.rollback(db, 4, user="tester")
    assert alloc(db, "billing_account_id = '111111111111' and fiscal_year = 2026") == [("011002", "direct", None, 3000)]
    assert not (lake.root(db) / "import_id=4").exists()
    history = importer.history(db)
    assert history[history["import_id"] == 4]["status"].unique().tolist() == ["rolled back"]
