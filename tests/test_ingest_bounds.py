"""Finding 2: one upload must not exhaust the server's memory, and nothing is dropped silently.

The two files of the report, read in a child process whose address space is capped at what
it holds after its imports plus 300 MB (tests/bench/bench_bombs.py, which also prints the
times): both are refused, naming the cap, instead of failing with MemoryError.
"""
from __future__ import annotations

import pytest

from dashboard.ingest import bounds, pipeline
from dashboard.ingest.read import read_table
from tests import ingest_bombs
from tests.bench.bench_bombs import measure
from tests.ingest_fixtures import csv_bytes, new_db


@pytest.mark.parametrize("maker, cap", [("declared_bomb", "MAX_COLUMNS"), ("row_bomb", "MAX_ROWS")])
def test_bombs_are_refused_within_300_mb_of_extra_address_space(maker, cap):
    result = measure(maker, limit_mib=300)
    assert "failed" not in result, result          # a MemoryError under the limit fails here
    assert result["refused"] and cap in result["reason"]
    assert result["extra_mib"] < 300


def test_the_declared_bomb_is_small_and_named_in_the_error():
    content = ingest_bombs.declared_bomb()
    assert len(content) < 5 * 1024
    table, problems = read_table("bomb.xlsx", content)
    assert table is None and len(problems) == 1
    p = problems[0]
    assert p.file == "bomb.xlsx" and "256" in p.reason_en and "16,384" in p.reason_en
    assert "上限" in p.reason_ja


def test_rows_beyond_a_too_small_declared_dimension_are_read_not_dropped():
    content = ingest_bombs.lying_dimension(rows=10)        # declares A1:F3
    table, problems = read_table("lying.xlsx", content)
    assert problems == []
    assert len(table.frame) == 10
    assert table.frame.iloc[-1, 5] == "1009"
    assert table.row_numbers.tolist() == list(range(2, 12))


def test_caps_on_csv_rows_columns_and_cells(tmp_path, monkeypatch):
    header = ["団体コード", "年度", "業務", "費目", "区分", "金額"]
    wide = csv_bytes([header + [f"x{i}" for i in range(300)], ["352012"] * 306])
    table, problems = read_table("wide.csv", wide)
    assert table is None and "MAX_COLUMNS" in problems[0].reason_en and "306" in problems[0].reason_en
    long = ("団体コード,年度,業務,費目,区分,金額\n" + "352012,2026,01,sw_lease,estimate,1\n" * 600_000).encode()
    table, problems = read_table("long.csv", long)
    assert table is None and "MAX_ROWS" in problems[0].reason_en
    monkeypatch.setattr(bounds, "MAX_CELLS", 1_000)
    table, problems = read_table("cells.csv", long[:20_000])
    assert table is None and "MAX_CELLS" in problems[0].reason_en


def test_a_capped_file_is_refused_whole_through_the_pipeline(tmp_path):
    db = new_db(tmp_path / "bounds.duckdb")
    before = db.read_bytes()
    report = pipeline.import_files(db, [("bomb.xlsx", ingest_bombs.declared_bomb())], user="t")
    assert not report.ok and not report.batches
    assert any("MAX_COLUMNS" in str(p) for p in report.problems)
    assert db.read_bytes() == before
