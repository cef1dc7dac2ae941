"""The 見積精査 page in AppTest: upload an estimate, see the flags, correct a mapping, download
the review workbook and read its 質問事項 column; saving and adopting write only on
confirmation (a real database, copied per test)."""
from __future__ import annotations

import gc
import io
import shutil

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from dashboard import store
from dashboard.ingest import pipeline
from estimate_db import TARGET, build as build_db
from estimate_fixtures import csv_estimate, line

SCRIPT = ("from dashboard import accounts, session\nfrom dashboard.ui import estimate\n"
          "from dashboard.scope import Scope\n"
          "with session.acting_as(accounts.User('clerk', 'local', Scope('org', '{org}'), True)):\n"
          "    estimate.render()\n")
ESTIMATE = csv_estimate([
    line("住基", "住民記録システム パッケージ利用料", 100_000, 1, "月", 60, 6_000_000)[1:],
    line("介護", "介護保険システム パッケージ保守", 50_000, 1, "月", 60, 3_500_000)[1:],      # R01
    line("介護", "謎の作業", None, None, "", 60, 1_000_000)[1:],                             # unmapped
])


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("page") / "base.duckdb")


@pytest.fixture
def page_db(base_db, tmp_path, monkeypatch):
    path = tmp_path / "page.duckdb"
    shutil.copy(base_db, path)
    monkeypatch.setenv("SANWARI_DB", str(path))
    monkeypatch.setenv("SANWARI_AUDIT", str(tmp_path / "audit.jsonl"))
    return path


def served(button) -> bytes:
    """The bytes behind a download button (its deferred maker, in AppTest's media manager)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    file_id = button.proto.deferred_file_id        # every download is made on click (ui/deliver.py)
    for manager in (o for o in gc.get_objects() if isinstance(o, MediaFileManager)):
        entry = manager._deferred_callables.get(file_id)
        if entry is not None:
            return entry["callable"].data()
    raise AssertionError("download not found")


def frame(at, column: str):
    """The first table on the page that has `column` (mapping: 費目 / item; flags: ルール / rule)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def counts(db) -> tuple:
    """(corrections, saved reviews, estimate-basis cost rows) in the database."""
    with store.reader(db) as con:
        return con.execute("select (select count(*) from estimate_correction), "
                           "(select count(*) from estimate_review), "
                           "(select count(*) from cost_fact where basis = 'estimate')").fetchone()


def _upload(org=TARGET):
    at = AppTest.from_string(SCRIPT.format(org=org), default_timeout=120).run()
    assert not at.exception, at.exception
    at.file_uploader(key="est_file").set_value(("vendor.csv", ESTIMATE, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _row_values(ws, header: str) -> dict:
    col = [c.value for c in ws[1]].index(header) + 1
    return {ws.cell(r, 2).value: ws.cell(r, col).value for r in range(2, ws.max_row + 1)}


def test_upload_correct_download(page_db):
    at = _upload()
    flags = frame(at, "質問事項 / question")
    assert flags["ルール / rule"].tolist() == ["R01"] and flags["行 / row"].tolist() == [3]
    mapping = frame(at, "費目 / item")
    assert mapping["費目 / item"].tolist() == ["ソフトウェア借料", "ソフトウェア保守費", "未分類"]
    assert at.metric[0].value == "3"
    # correct the unmapped line (index 2): その他外部委託費, for 介護保険
    at.selectbox(key="est_fix_line").set_value(2).run()
    at.selectbox(key="est_fix_item_2").set_value("その他外部委託費")
    at.selectbox(key="est_fix_op_2").set_value("14 介護保険")
    at.button(key="est_fix_apply").click().run()
    assert not at.exception
    mapping = frame(at, "費目 / item")
    assert mapping["費目 / item"].tolist()[2] == "その他外部委託費"
    assert mapping["業務 / operation"].tolist()[2] == "介護保険"
    # the workbook behind the download button carries the correction and the questions
    [xlsx] = [b for b in at.get("download_button") if b.proto.label.startswith("見積精査ワークブック")]
    book = load_workbook(io.BytesIO(served(xlsx)))
    ws = book["見積明細"]
    questions = _row_values(ws, "質問事項")
    assert "算出根拠" in questions[3] and questions[2] is None and questions[4] is None
    assert _row_values(ws, "費目")[4] == "その他外部委託費"
    summary = {r[0].value: r[1].value for r in book["集計"].iter_rows(min_row=2)}
    # by hand: 1,000,000 × 1.1 / 5 = 220,000 a year of その他外部委託費
    assert summary["その他外部委託費"] == 220_000
    # nothing was stored by reviewing, correcting or downloading
    assert counts(page_db) == (0, 6, 0)     # the fixture's 6 saved reviews of other organizations


def test_saving_corrections_and_adopting_only_on_confirmation(page_db):
    at = _upload()
    at.selectbox(key="est_fix_line").set_value(2).run()
    at.selectbox(key="est_fix_item_2").set_value("その他外部委託費")
    at.button(key="est_fix_apply").click().run()
    at.button(key="est_save_org").click().run()
    assert not at.exception and "1 件の修正を保存しました" in at.success[0].value
    # a fresh session reuses the saved correction
    again = _upload()
    assert frame(again, "費目 / item")["根拠 / source"].tolist()[2] == "団体の修正"
    batches_before = len(pipeline.history(page_db))
    again.button(key="est_adopt").click().run()
    assert len(pipeline.history(page_db)) == batches_before          # asks first
    again.button(key="est_adopt_confirm").click().run()
    assert not again.exception, [e.value for e in again.exception]
    assert "見積値として取り込みました" in again.success[0].value
    history = pipeline.history(page_db)
    assert len(history) == batches_before + 1 and history.iloc[0]["imported_by"] == "clerk"
    with store.reader(page_db) as con:
        rows = con.execute("select fiscal_year, system_code, item_key, amount_yen from stg_cost_current "
                           "where basis = 'estimate' and org_code = ? order by all", [TARGET]).fetchall()
        saved = con.execute("select org_code, batch_id, share_opt_in from estimate_review where org_code = ?",
                            [TARGET]).fetchall()
    # 5 years × (01 sw_lease 1,320,000; 14 sw_maint 770,000; 14 outsourcing 220,000)
    assert len(rows) == 15
    assert rows[:3] == [(2026, "01", "sw_lease", 1_320_000), (2026, "14", "outsourcing", 220_000),
                        (2026, "14", "sw_maint", 770_000)]
    assert saved == [(TARGET, int(history.iloc[0]["batch_id"]), False)]
    # and the adoption rolls back like any import
    pipeline.rollback(page_db, int(history.iloc[0]["batch_id"]), by="clerk")
    with store.reader(page_db) as con:
        assert con.execute("select count(*) from stg_cost_current where basis = 'estimate'").fetchone()[0] == 0


def test_bad_input_is_shown_with_sheet_and_row(page_db):
    at = AppTest.from_string(SCRIPT.format(org=TARGET), default_timeout=120).run()
    at.file_uploader(key="est_file").set_value(("bad.csv", csv_estimate([["x", 1]], header=["項目", "数量"]),
                                                "text/csv"))
    at.run()
    assert not at.exception
    assert "読み取れません" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems["シート / sheet"].tolist() == ["bad.csv"] and "金額の列" in problems["内容"].iloc[0]


def test_another_organization_is_refused(page_db):
    at = AppTest.from_string(SCRIPT.format(org=TARGET), default_timeout=120)
    at.query_params["org"] = "131016"              # 千代田区: not this user's
    at.run()
    assert not at.exception
    assert any("範囲" in e.value for e in at.error)
    assert not at.get("file_uploader")


PREF_SCRIPT = ("from dashboard import accounts, session\nfrom dashboard.ui import estimate\n"
               "from dashboard.scope import Scope\n"
               "with session.acting_as(accounts.User('pref', 'local', Scope('pref', '{pref}'), False)):\n"
               "    estimate.render()\n")


def test_a_prefecture_user_reviews_its_municipalities_only(page_db):
    pref = TARGET[:2]
    at = AppTest.from_string(PREF_SCRIPT.format(pref=pref), default_timeout=120)
    at.query_params["org"] = TARGET
    at.run()
    assert not at.exception and not at.error
    at.file_uploader(key="est_file").set_value(("vendor.csv", ESTIMATE, "text/csv")).run()
    assert not at.exception
    assert frame(at, "質問事項 / question")["ルール / rule"].tolist() == ["R01"]
    assert not at.get("button") or "est_adopt" not in [b.key for b in at.button]   # no import right
    other = AppTest.from_string(PREF_SCRIPT.format(pref=pref), default_timeout=120)
    other.query_params["org"] = "352012" if pref != "35" else "131016"               # another prefecture's
    other.run()
    assert any("範囲" in e.value for e in other.error) and not other.get("file_uploader")


EVIL = "![x](https://evil.example/x.png)[ログイン](https://evil.example/phish)_**<b>x</b>**"


def test_vendor_text_stays_plain(page_db):
    import re
    body = csv_estimate([line("住基", EVIL, None, None, "", 60, 1_000_000)[1:]])
    at = AppTest.from_string(SCRIPT.format(org=TARGET), default_timeout=120).run()
    at.file_uploader(key="est_file").set_value((EVIL + ".csv", body, "text/csv")).run()
    assert not at.exception
    unescaped = re.compile(r"(?<!\\)[\[\]()!<>]")
    kinds = ("markdown", "caption", "error", "success", "info", "warning", "title", "subheader")
    for value in (e.value for kind in kinds for e in getattr(at, kind)):
        if "evil" in value:
            assert unescaped.search(value) is None, value
    assert EVIL in frame(at, "費目 / item")["項目 / description"].tolist()[0]
