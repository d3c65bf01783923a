"""Reconciling a bank statement: import the bank's CSV (all rows or none, with a report
per row), match lines to receipts already entered, or create the receipts."""
from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from erp.imports.services import ImportRefused
from finance.bank import services as bank
from finance.bank.models import BankLine, BankLineStatus, BankStatement
from tests.finance.conftest import days

HEADER = "交易日期,金额,付款人,付款账号,摘要,流水号\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture
def payers(make_customer):
    return {"shop": make_customer(name="七宝好邻居超市", bank_account="6222020200011112222"),
            "canteen": make_customer(name="闵行区第一食堂")}


def test_a_statement_is_imported_and_each_payer_is_recognised(db, people, payers):
    d = days(-2).isoformat()
    statement = bank.import_bank_statement(db, people["finance"], csv(
        f"{d},1200.00,某某,6222020200011112222,货款,B0001",
        f"{d},\"3,500.50\",闵行区第一食堂,,XSFP-1,B0002",
        f"{d},88.00,陌生人,,,B0003"), filename="icbc.csv", account="工行基本户")
    assert statement.line_count == 3 and statement.total == D("4788.50")
    assert [(line.amount, line.customer_id) for line in statement.lines] == [
        (D("1200.00"), payers["shop"].id), (D("3500.50"), payers["canteen"].id), (D("88.00"), None)]


def test_a_file_with_bad_rows_is_refused_with_a_report_per_row_and_nothing_is_written(db, people, payers):
    before = db.scalar(select(func.count()).select_from(BankLine))
    with pytest.raises(ImportRefused) as info:
        bank.import_bank_statement(db, people["finance"], csv(
            "2025-07-01,100.00,a,,,S1",
            "2025-07-32,100.00,b,,,S2",
            "2025-07-02,abc,c,,,S3",
            "2025-07-02,1.005,d,,,S4",
            "2025-07-03,10.00,e,,,S1"))
    report = info.value.fields
    assert set(report) == {"3", "4", "5", "6"}
    assert "交易日期" in report["3"] and "金额" in report["4"] and "金额" in report["5"] and "流水号" in report["6"]
    assert db.scalar(select(func.count()).select_from(BankLine)) == before
    with pytest.raises(ImportRefused) as info:
        bank.import_bank_statement(db, people["finance"], b"date,what\n2025-07-01,1\n")
    assert "1" in info.value.fields  # the header row: unknown column, missing amount


def test_money_paid_out_in_the_banks_export_is_left_out_and_counted(db, login, people, payers):
    d = days(-2).isoformat()
    both_columns = ("交易日期,收入金额,支出金额,对方户名,对方账号,摘要,流水号\n"
                    f"{d},1200.00,,某某,6222020200011112222,货款,T1\n"
                    f"{d},,560.00,娃哈哈,33001,付货款,T2\n"
                    f"{d},,0.50,工商银行,,手续费,T3\n").encode()
    statement = bank.import_bank_statement(db, people["finance"], both_columns)
    assert (statement.line_count, statement.total, statement.skipped_outgoing) == (1, D("1200.00"), 2)
    assert [line.serial for line in statement.lines] == ["T1"]
    signed = bank.import_bank_statement(db, people["finance"], csv(f"{d},88.00,陌生人,,,S1", f"{d},-30.00,房东,,,S2"))
    assert (signed.line_count, signed.skipped_outgoing) == (1, 1)
    with pytest.raises(ImportRefused) as info:
        bank.import_bank_statement(db, people["finance"], csv(f"{d},-30.00,房东,,,S3"))
    assert "paid out" in str(info.value.fields)
    page = login(people["finance"]).get(f"/bank/{statement.id}").get_data(as_text=True)
    assert 'id="skipped-outgoing"' in page and "2 行" in page


def test_a_line_is_imported_once(db, people, payers):
    bank.import_bank_statement(db, people["finance"], csv("2025-07-01,100.00,a,,,SER-9"))
    with pytest.raises(ImportRefused) as info:
        bank.import_bank_statement(db, people["finance"], csv("2025-07-01,100.00,a,,,SER-9"))
    assert info.value.fields == {"2": {"流水号": ["This bank line was imported before."]}}


def test_lines_match_entered_receipts_or_become_receipts(db, books, people, payers):
    d = days(-1)
    entered = books.receipt(payers["shop"], "1200.00", d, reference="B0001")
    other_same_amount = books.receipt(payers["shop"], "1200.00", days(-3))
    statement = bank.import_bank_statement(db, people["finance"], csv(
        f"{d.isoformat()},1200.00,某某,6222020200011112222,货款,B0001",
        f"{d.isoformat()},450.00,闵行区第一食堂,,午餐费,B0002",
        f"{d.isoformat()},88.00,陌生人,,,B0003"))
    proposals = bank.propose_bank_matches(db, people["finance"], statement.id)
    assert [(m.line.row_no, m.receipt.id) for m in proposals] == [(2, entered.id)]
    assert other_same_amount.id not in {m.receipt.id for m in proposals}
    result = bank.reconcile_statement(db, people["finance"], statement.id, create_receipts=True)
    assert result == {"matched": 1, "created": 1, "unmatched": 1}
    lines = {line.row_no: line for line in db.get(BankStatement, statement.id).lines}
    assert lines[2].status == BankLineStatus.MATCHED and lines[2].receipt_id == entered.id
    created = lines[3].receipt
    assert lines[3].status == BankLineStatus.CREATED
    assert (created.customer_id, created.amount, created.state.value, created.reference) == (
        payers["canteen"].id, D("450.00"), "approved", "B0002")
    bank.create_receipt_for_line(db, people["finance"], lines[4].id, payers["shop"].id)
    assert lines[4].status == BankLineStatus.CREATED


def test_the_statement_is_uploaded_through_the_api(api, db, people, payers):
    response = api(people["finance"]).post("/api/v1/bank-statements?account=工行", data={
        "file": (io.BytesIO(csv(f"{days(-1).isoformat()},10.00,某某,6222020200011112222,,U1")), "bank.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["line_count"] == 1 and body["lines"][0]["customer_id"] == payers["shop"].id
    assert body["skipped_outgoing"] == 0
    response = api(people["finance"]).post("/api/v1/bank-statements", data={
        "file": (io.BytesIO(csv("not a date,10.00,x,,,U2")), "bank.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["2"]["交易日期"]
