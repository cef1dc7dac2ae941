"""Every SQL file in queries/ parses with sqlglot in the DuckDB dialect.

A later move to another engine (DuckLake, MotherDuck, or a transpile to another dialect;
README "Beyond one machine") then starts from SQL that is known to parse. Named
parameters ($fy) are DuckDB syntax and parse as placeholders.
"""
from __future__ import annotations

import pytest
import sqlglot
from sqlglot.errors import ParseError

from dashboard import queries
from dashboard.config import QUERIES_DIR

FILES = sorted(QUERIES_DIR.rglob("*.sql"))


def test_queries_folder_is_not_empty():
    assert len(FILES) >= 20, FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(QUERIES_DIR)))
def test_parses_in_duckdb_dialect(path):
    text = path.read_text(encoding="utf-8")
    try:
        statements = [s for s in sqlglot.parse(text, read="duckdb") if s is not None]
    except ParseError as exc:
        pytest.fail(f"{path.relative_to(QUERIES_DIR)} does not parse: {exc}")
    assert statements, f"{path} holds no statement"
    # Parsing must not degrade to an opaque Command (sqlglot's fallback for text it skips).
    opaque = [s.sql()[:60] for s in statements if isinstance(s, sqlglot.exp.Command)]
    assert not opaque, f"{path.relative_to(QUERIES_DIR)}: not really parsed: {opaque}"


def test_every_query_name_is_a_file():
    assert sorted(queries.names()) == sorted(
        str(p.relative_to(QUERIES_DIR).with_suffix("")) for p in FILES)
