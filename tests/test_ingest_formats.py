"""The same data as CSV UTF-8, CSV CP932 and XLSX gives identical figures; templates round-trip."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import reference
from dashboard.ingest import pipeline, template
from ingest_fixtures import (checksum, csv_bytes, current_costs, current_drivers, current_status, new_db,
                             xlsx_bytes)


def sample_rows() -> list[list]:
    """120 cost rows over 10 organizations, 3 operations, 4 items; names in Japanese."""
    orgs = reference.load("organization")["org_code"].tolist()[::170][:10]
    systems = reference.load("system")["name_ja"].tolist()[:3]
    items = reference.load("cost_item")["name_ja"].tolist()[:4]
    rows = [["団体コード", "年度", "業務", "費目", "区分", "金額", "備考"]]
    n = 0
    for o in orgs:
        for s in systems:
            for i in items:
                n += 1
                rows.append([o, "平成30年度" if n % 2 else "R7", s, i, "実績" if n % 2 else "見積",
                             f"{n * 12_345:,}", "メモ" if n % 7 == 0 else ""])
    return rows


def test_utf8_cp932_and_xlsx_give_identical_figures(tmp_path):
    rows = sample_rows()
    shapes = {"utf8.csv": csv_bytes(rows), "bom.csv": b"\xef\xbb\xbf" + csv_bytes(rows),
              "sjis.csv": csv_bytes(rows, "cp932"), "book.xlsx": xlsx_bytes(rows, [["調査票"], []])}
    figures = {}
    for name, content in shapes.items():
        db = new_db(tmp_path / f"{name}.duckdb")
        report = pipeline.import_files(db, [(name, content)])
        assert report.ok, report.problems[:3]
        figures[name] = current_costs(db)
    expected = pd.DataFrame(rows[1:], columns=rows[0])
    total = expected["金額"].str.replace(",", "").astype(int).sum()
    for name, got in figures.items():
        assert got == figures["utf8.csv"], name
        assert len(got) == 120 and sum(r[5] for r in got) == total


@pytest.mark.parametrize("kind", template.KINDS)
def test_xlsx_template_has_headers_dropdowns_and_instructions(kind):
    wb = load_workbook(io.BytesIO(template.build(kind, "xlsx")))
    assert wb.sheetnames[0] == "入力" and "説明" in wb.sheetnames
    ws = wb["入力"]
    header = [c.value for c in ws[template.HEADER_ROW] if c.value]
    assert header == template.HEADERS[kind]
    lists = {dv.formula1.split("!")[1].split(":")[0][1] for dv in ws.data_validations.dataValidation}
    listed = {wb["リスト"].cell(row=1, column=ord(c) - 64).value for c in lists}
    wanted = {"costs": {"業務", "費目", "区分", "単位"}, "drivers": {"業務", "要因コード", "単位"},
              "status": {"業務", "移行状況"}}[kind]
    assert listed == wanted
    assert wb["説明"].max_row > 5


def _fill(kind: str) -> bytes:
    """Fill the XLSX template as a clerk would: values picked from the drop-down lists."""
    wb = load_workbook(io.BytesIO(template.build(kind, "xlsx")))
    ws, choice = wb["入力"], template.choices()
    r = template.HEADER_ROW + 1
    values = {
        "costs": [["352012", "下関市", "平成30年度", choice["業務"][0], choice["費目"][0], "実績", "1,200", "千円", ""],
                  ["352012", "下関市", "令和8年度", choice["業務"][0], choice["費目"][6], "見積", "900000", "円", "GC"]],
        "drivers": [["352012", "下関市", "令和8年度", choice["業務"][0], choice["要因コード"][0], "△1,000", "円", ""],
                    ["352012", "下関市", "令和8年度", choice["業務"][0], choice["要因コード"][-1], "500", "千円", ""]],
        "status": [["352012", "下関市", choice["業務"][1], "特定移行支援", "令和9年度", ""],
                   ["352012", "下関市", choice["業務"][0], "移行済", "", ""]],
    }[kind]
    for i, row in enumerate(values):
        for j, v in enumerate(row, start=1):
            ws.cell(row=r + i, column=j, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_filled_templates_import_cleanly(tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    files = [(f"{k}.xlsx", _fill(k)) for k in template.KINDS]
    report = pipeline.import_files(db, files)
    assert report.ok, [str(p) for p in report.problems]
    assert current_costs(db) == [("352012", 2018, "01", "sw_lease", "actual", 1_200_000),
                                 ("352012", 2026, "01", "gc_usage", "estimate", 900_000)]
    assert current_drivers(db) == [("352012", 2026, "01", "M206", 500_000), ("352012", 2026, "01", "S01", -1_000)]
    assert current_status(db) == [("352012", "01", "migrated", None), ("352012", "02", "delayed", 2027)]


@pytest.mark.parametrize("kind", template.KINDS)
def test_csv_template_header_is_recognised(kind, tmp_path):
    db = new_db(tmp_path / "t.duckdb")
    before = checksum(db)
    check, = pipeline.check_files([(f"{kind}.csv", template.build(kind, "csv"))])
    assert check.kind == kind and [p.reason_en for p in check.problems] == ["the file has no data rows (header only)"]
    assert checksum(db) == before


def test_template_command(cli, tmp_path):
    out = tmp_path / "t.xlsx"
    result = cli("template", "--kind", "drivers", "--format", "xlsx", "--out", out)
    assert result.returncode == 0 and out.stat().st_size > 5000
    result = cli("template", "--kind", "status", "--format", "csv", "--out", tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbf\xe5\x9b\xa3")   # BOM + 団
