"""Property: malformed rows and files never raise, are never half-taken, never change the store."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ingest import pipeline
from ingest_fixtures import checksum, csv_bytes, new_db, xlsx_bytes

HEADERS = ["団体コード", "年度", "業務", "費目", "区分", "金額", "金額（千円）", "単位", "備考", "要因コード",
           "移行状況", "移行予定年度", "団体名", "org_code", "amount_yen", "単価", "", "年 度"]
TOKENS = ["352012", "35201", "352013", "010006", "999999", "", " ", "\u3000", "H30", "R7", "令和元年度",
          "平成99年度", "2018", "01", "21", "住民基本台帳", "住民台帳", "sw_lease", "ソフトウェア借料", "実績",
          "見積", "1,234", "△5", "-1", "1.5", "１２３", "千円", "円", "万円", "S01", "M999", "移行済",
          "=cmd|' /C calc'!A0", "\x00", "\ufeff", "\"", ",", "\n", "nan", "None", "1e309", "9" * 30]
cell = st.one_of(st.sampled_from(TOKENS), st.text(max_size=12))
ending = st.sampled_from(["csv", "xlsx", "xls", "txt", "CSV", "pdf", ""])


VALID = {"costs": (["団体コード", "年度", "業務", "費目", "区分", "金額", "単位"],
                   [["352012", "H30", f"{s:02d}", "sw_lease", "実績", "1,000", "円"] for s in range(1, 9)]),
         "drivers": (["団体コード", "年度", "業務", "要因コード", "金額（千円）"],
                     [["35201", "R8", "住民基本台帳", f"S0{d}", "△5"] for d in range(1, 8)]),
         "status": (["団体コード", "業務", "移行状況", "移行予定年度"],
                    [["352012", f"{s}", "特定移行支援", "R9"] for s in range(1, 9)])}


@st.composite
def near_valid(draw):
    """A valid file with a few cells (or the header) replaced: reaches the deep checks."""
    header, rows = VALID[draw(st.sampled_from(sorted(VALID)))]
    header, rows = list(header), [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 3))):
        r = draw(st.integers(0, len(rows)))
        c = draw(st.integers(0, len(header) - 1))
        if r == len(rows):
            header[c] = draw(st.sampled_from(HEADERS))
        else:
            rows[r][c] = draw(cell)
    if draw(st.booleans()):
        rows.append(list(draw(st.sampled_from(rows))))       # a duplicate key
    return header, rows


@st.composite
def files(draw):
    if draw(st.booleans()):
        header, rows = draw(near_valid())
    else:
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8))
        width = max(len(header), 1)
        rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 1), max_size=12))
    table = ([header] if header else []) + rows
    shape = draw(st.sampled_from(["utf8", "cp932", "xlsx", "bytes", "truncated"]))
    if shape == "bytes":
        content = draw(st.binary(max_size=300))
    elif shape == "xlsx":
        try:
            content = xlsx_bytes([[c.replace("\x00", "") for c in r] for r in table],
                                 draw(st.sampled_from([None, [["表題"]], [["表題"], []]])))
        except Exception:       # openpyxl refuses control characters: not the importer's concern
            content = b""
    else:
        content = csv_bytes(table, "cp932" if shape == "cp932" else "utf-8") if shape != "cp932" else \
            csv_bytes([[c.encode("cp932", "ignore").decode("cp932") for c in r] for r in table], "cp932")
        if shape == "truncated":
            content = content[: draw(st.integers(0, len(content)))]
    name = "file." + draw(ending) if draw(st.booleans()) else "file"
    return name, content


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_checking_never_raises_and_never_half_accepts(file):
    check, = pipeline.check_files([file])
    assert check.ok == (not check.problems and check.rows is not None)
    if not check.ok:
        assert check.rows is None
    for p in check.problems:
        assert p.reason_ja and p.reason_en and str(p)
        assert "unexpected" not in p.reason_en, p      # an internal failure, not a validation
    if check.ok:
        assert check.rows["org_code"].str.len().eq(6).all()
        if "amount_yen" in check.rows and check.kind == "costs":
            assert (check.rows["amount_yen"] >= 0).all()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = new_db(tmp_path_factory.mktemp("prop") / "t.duckdb")
    rows = [["団体コード", "年度", "業務", "費目", "区分", "金額"], ["352012", "2018", "01", "sw_lease", "実績", "1"]]
    assert pipeline.import_files(path, [("seed.csv", csv_bytes(rows))]).ok
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(files(), min_size=1, max_size=3))
def test_refused_imports_leave_the_store_unchanged(db, batch):
    before, raw = checksum(db), db.read_bytes()
    checks = pipeline.check_files(batch)
    if all(c.ok for c in checks):
        return                  # an accidentally valid file would rightly change the store
    report = pipeline.import_files(db, batch)
    assert not report.ok and not report.batches
    assert checksum(db) == before and db.read_bytes() == raw
