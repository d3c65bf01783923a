"""Finance through the HTTP API: receipts, allocations, reports and files, periods, the
counter — every refusal a clear 4xx with nothing written."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

from openpyxl import load_workbook
from sqlalchemy import func, select

from erp.audit.models import AuditEntry
from finance.ledger.models import Allocation
from tests.finance.conftest import days


def count_allocations(db):
    return db.scalar(select(func.count()).select_from(Allocation))


def test_an_invoice_approved_through_the_sales_api_is_a_receivable(api, db, books, make_customer, people):
    customer = make_customer(payment_terms_days=15)
    draft = books.invoice(customer, "300.00", days(-1), approve=False)
    approved = api(people["finance"]).post(f"/api/v1/invoices/{draft.id}/approve")
    assert approved.status_code == 200, approved.get_json()
    aging = api(people["finance"]).get(f"/api/v1/reports/receivables-aging?customer_id={customer.id}").get_json()
    assert aging["rows"][0]["total"] == "300.00" and aging["rows"][0]["buckets"][0] == "300.00"
    invoices = api(people["finance"]).get(f"/api/v1/reports/receivables-aging/invoices?customer_id={customer.id}")
    [row] = invoices.get_json()
    assert row["invoice_id"] == draft.id and row["due_date"] == (days(-1) + dt.timedelta(days=15)).isoformat()


def test_receipts_are_entered_approved_and_allocated_through_the_api(api, db, books, make_customer, people):
    customer = make_customer()
    older, newer = books.invoice(customer, "100.00", days(-30)), books.invoice(customer, "100.00", days(-5))
    who = api(people["finance"])
    made = who.post("/api/v1/receipts", json={"customer_id": customer.id, "amount": "150.00", "method": "wechat",
                                              "reference": "4200001234"}, headers={"Idempotency-Key": "r-1"})
    assert made.status_code == 201, made.get_json()
    receipt = made.get_json()
    assert who.post("/api/v1/receipts", json={"customer_id": customer.id, "amount": "150.00", "method": "wechat",
                                              "reference": "4200001234"},
                    headers={"Idempotency-Key": "r-1"}).get_json()["id"] == receipt["id"]
    assert who.post(f"/api/v1/receipts/{receipt['id']}/allocations",
                    json={"lines": [{"invoice_id": older.id, "amount": "10.00"}]}).status_code == 409  # a draft
    approved = who.post(f"/api/v1/receipts/{receipt['id']}/approve").get_json()
    assert approved["state"] == "approved" and approved["unapplied"] == "150.00"
    proposal = who.get(f"/api/v1/receipts/{receipt['id']}/allocation-proposal").get_json()
    assert [(p["invoice_id"], p["amount"]) for p in proposal] == [(older.id, "100.00"), (newer.id, "50.00")]
    done = who.post(f"/api/v1/receipts/{receipt['id']}/allocations",
                    json={"lines": [{"invoice_id": p["invoice_id"], "amount": p["amount"]} for p in proposal]})
    assert done.status_code == 201 and len(done.get_json()) == 2
    assert who.get(f"/api/v1/receipts/{receipt['id']}").get_json()["unapplied"] == "0.00"
    listed = who.get(f"/api/v1/allocations?customer_id={customer.id}").get_json()
    assert listed["total"] == 2
    reversed_ = who.post(f"/api/v1/allocations/{listed['items'][0]['id']}/reverse", json={"reason": "错账"})
    assert reversed_.get_json()["reversed"] is True
    refused = who.post(f"/api/v1/receipts/{receipt['id']}/unapprove", json={"reason": "x"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "receipt_allocated"


def test_a_refused_allocation_writes_nothing_even_after_a_good_line(api, db, books, make_customer, people):
    customer, stranger = make_customer(), make_customer()
    mine = books.invoice(customer, "100.00", days(-3))
    theirs = books.invoice(stranger, "100.00", days(-3))
    receipt = books.receipt(customer, "150.00")
    who = api(people["finance"])
    before = count_allocations(db)
    for lines, status, code in (
            ([{"invoice_id": mine.id, "amount": "100.00"}, {"invoice_id": theirs.id, "amount": "10.00"}], 409,
             "other_party"),
            ([{"invoice_id": mine.id, "amount": "100.01"}], 409, "over_allocation"),
            ([{"invoice_id": mine.id, "amount": "1.001"}], 422, "validation_failed"),
            ([{"invoice_id": mine.id, "amount": "-5"}], 422, "validation_failed")):
        response = who.post(f"/api/v1/receipts/{receipt.id}/allocations", json={"lines": lines})
        assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)
    assert count_allocations(db) == before
    db.refresh(mine)
    assert mine.amount_open == D("100.00")
    assert api(people["clerk"]).post(f"/api/v1/receipts/{receipt.id}/allocations", json={
        "lines": [{"invoice_id": mine.id, "amount": "1.00"}]}).status_code == 403


def test_aging_and_statements_download_as_xlsx_csv_and_pdf(api, db, books, make_customer, people):
    from tests.printing.pdfs import all_text

    customer = make_customer(name="上海七宝好邻居超市有限公司")
    invoice = books.invoice(customer, "88.00", days(-40))
    paid = books.invoice(customer, "12.00", days(-30))
    receipt = books.receipt(customer, "12.00", days(-1))
    who = api(people["finance"])
    assert who.post(f"/api/v1/receipts/{receipt.id}/allocations",
                    json={"lines": [{"invoice_id": paid.id, "amount": "12.00"}]}).status_code == 201
    xlsx = who.get(f"/api/v1/reports/receivables-aging?format=xlsx&customer_id={customer.id}")
    assert xlsx.status_code == 200 and xlsx.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[2]][:2] == [customer.code, customer.name] and sheet[2][4].value == 88
    csv = who.get("/api/v1/reports/overdue-receivables?format=csv").data.decode("utf-8-sig")
    assert customer.name in csv
    period = f"date_from={days(-60).isoformat()}&date_to={days(0).isoformat()}"
    body = who.get(f"/api/v1/customers/{customer.id}/statement?{period}").get_json()
    assert (body["opening"], body["invoiced"], body["received"], body["closing"]) == ("0.00", "100.00", "12.00",
                                                                                     "88.00")
    assert who.get(f"/api/v1/customers/{customer.id}/statement?{period}&format=xlsx").status_code == 200
    pdf = who.get(f"/api/v1/customers/{customer.id}/statement/pdf?{period}&lang=zh")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = all_text(pdf.data)
    assert "客户对账单" in text and customer.name in text and "88.00" in text and invoice.number in text
    assert "本期核销明细" in text and receipt.number in text


def test_periods_close_and_reopen_through_the_api(api, db, books, make_customer, people):
    books.receipt(make_customer(), "10.00", dt.date(2025, 2, 10), approve=False)
    who = api(people["finance"])
    blocked = who.post("/api/v1/periods/2025-02/close")
    assert blocked.status_code == 409 and blocked.get_json()["error"]["code"] == "period_blocked"
    assert blocked.get_json()["error"]["fields"]["blockers"]
    detail = who.get("/api/v1/periods/2025-02").get_json()
    assert detail["closed"] is False and detail["blockers"][0]["doc_type"] == "receipt"
    closed = who.post("/api/v1/periods/2025-01/close")
    assert closed.status_code == 200 and closed.get_json()["closed"] is True
    assert who.post("/api/v1/periods/2025-01/reopen", json={"reason": "x"}).status_code == 403
    reopened = api(people["admin"]).post("/api/v1/periods/2025-01/reopen", json={"reason": "补录发票"})
    assert reopened.get_json()["closed"] is False and reopened.get_json()["reopen_reason"] == "补录发票"
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "reopen", AuditEntry.entity_id == "2025-01")
                     ).note == "补录发票"
    months = [p["month"] for p in who.get("/api/v1/periods").get_json()]
    assert "2025-01" in months


def test_a_counter_sale_through_the_api_is_rung_up_once_and_offers_its_receipt(api, db, stocked, make_customer,
                                                                              make_user, wh):
    stocked(50, list_price=D("3.00"), barcode="6900000000024")
    make_customer(member_card_no="M9900001")
    who = api(make_user("sales_clerk"))
    member = who.get("/api/v1/counter-sales/member?card=M9900001")
    assert member.status_code == 200 and member.get_json()["member_card_no"] == "M9900001"
    basket = who.post("/api/v1/counter-sales/basket", json={"member_card_no": "M9900001",
                                                             "lines": [{"code": "6900000000024", "qty": "3"}]})
    assert basket.get_json()["total"] == "9.00"
    body = {"member_card_no": "M9900001", "warehouse_id": wh.id, "lines": [{"code": "6900000000024", "qty": "3"}],
            "payments": [{"method": "cash", "amount": "20"}]}
    first = who.post("/api/v1/counter-sales", json=body, headers={"Idempotency-Key": "till-1-0001"})
    assert first.status_code == 201, first.get_json()
    sale = first.get_json()
    assert (sale["total"], sale["change"], sale["amount_open"]) == ("9.00", "11.00", "0.00")
    again = who.post("/api/v1/counter-sales", json=body, headers={"Idempotency-Key": "till-1-0001"})
    assert again.get_json()["id"] == sale["id"] and again.headers.get("Idempotent-Replayed") == "true"
    pdf = who.get(f"/api/v1/counter-sales/{sale['id']}/receipt/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    short = who.post("/api/v1/counter-sales", json={**body, "lines": [{"code": "6900000000024", "qty": "48"}],
                                                     "payments": [{"method": "cash", "amount": "200"}]})
    assert short.status_code == 409 and short.get_json()["error"]["code"] == "insufficient_stock"
    assert who.get("/api/v1/counter-sales").get_json()["total"] == 1


def test_months_and_dates_outside_this_century_are_refused_and_write_nothing(api, db, make_customer, people):
    who, admin = api(people["finance"]), api(people["admin"])
    customer = make_customer()
    before = db.scalar(select(func.count()).select_from(AuditEntry))
    for month in ("0000-01", "9999-12", "1999-12"):
        assert admin.get(f"/api/v1/periods/{month}").status_code == 422, month
        closing = admin.post(f"/api/v1/periods/{month}/close", json={})
        assert closing.status_code == 422 and set(closing.get_json()["error"]["fields"]) == {"month"}, month
    for doc_date in ("0001-01-01", "9999-12-31"):
        receipt = who.post("/api/v1/receipts", json={"customer_id": customer.id, "amount": "1.00", "method": "cash",
                                                     "doc_date": doc_date})
        assert receipt.status_code == 422 and set(receipt.get_json()["error"]["fields"]) == {"doc_date"}
    nothing = who.post("/api/v1/write-offs", json={"invoice_id": 0, "reason": "尾差"})
    assert nothing.status_code == 422 and set(nothing.get_json()["error"]["fields"]) == {"invoice_id"}
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert admin.get(f"/api/v1/periods/{dt.date.today():%Y-%m}").status_code == 200
