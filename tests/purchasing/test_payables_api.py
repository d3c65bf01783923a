"""Supplier invoices, payments and the payables reports through the API: the story of one
supplier's bill, paid in two parts; bad input is a clear 4xx that writes nothing; the
reports read the same as JSON, XLSX, CSV and PDF."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from erp.periods.models import Period
from tests.printing.pdfs import all_text
from tests.purchasing.conftest import TODAY, days

V1 = "/api/v1"


def ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)[:600]
    return response.get_json() if response.is_json else response


def refused(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)[:600]
    error = response.get_json()["error"]
    assert code is None or error["code"] == code, error
    return error


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8").lstrip("\ufeff"))))


@pytest.fixture
def finance(api, make_user):
    return api(make_user("finance"))


@pytest.fixture
def boss(api, manager):
    return api(manager)


@pytest.fixture
def two_receipts(cola, make_order, receive):
    """100 bottles ordered at 11.30, received 60 and 40."""
    order = make_order([(cola, 100, "11.30")])
    first = receive(order, [(order.lines[0], 60, "L1", days(200))])
    second = receive(order, [(order.lines[0], 40, "L2", days(300))])
    return first, second


def test_an_invoice_is_matched_approved_and_paid_in_two_parts_through_the_api(finance, boss, supplier, two_receipts):
    first, second = two_receipts
    body = {"receipt_ids": [first.id, second.id], "supplier_invoice_no": "SH-0701",
            "supplier_invoice_date": TODAY.isoformat(),
            "lines": [{"origin_line_id": first.lines[0].id, "qty": "60"},
                      {"origin_line_id": second.lines[0].id, "qty": "40", "unit_price": "11.50"}]}
    invoice = ok(finance.post(f"{V1}/supplier-invoices", json=body, headers={"Idempotency-Key": "si-1"}), 201)
    again = ok(finance.post(f"{V1}/supplier-invoices", json=body, headers={"Idempotency-Key": "si-1"}), 201)
    assert again["id"] == invoice["id"]  # replayed, not made twice
    assert invoice["state"] == "draft" and invoice["total_gross"] == "1138.00" and invoice["receipt_ids"] == [
        first.id, second.id]
    match = ok(finance.get(f"{V1}/supplier-invoices/{invoice['id']}/match"))
    assert [m["status"] for m in match] == ["ok", "price_mismatch"]
    assert match[1]["order_price"] == "11.300000" and match[1]["invoice_price"] == "11.500000"

    pending = ok(finance.post(f"{V1}/supplier-invoices/{invoice['id']}/approve"))
    assert pending["state"] == "pending" and pending["amount_open"] == "0.00"
    approved = ok(boss.post(f"{V1}/supplier-invoices/{invoice['id']}/approve"))
    assert approved["state"] == "approved" and approved["amount_open"] == "1138.00"
    assert approved["due_date"] == (TODAY + dt.timedelta(days=30)).isoformat()
    receipt = ok(finance.get(f"{V1}/goods-receipts/{second.id}"))
    assert receipt["lines"][0]["qty_invoiced"] == "40.0000" and receipt["lines"][0]["amount_invoiced"] == "460.00"

    payment = ok(finance.post(f"{V1}/payments", json={"supplier_id": supplier.id, "amount": "600.00",
                                                      "reference": "付 SH-0701 首款"}), 201)
    ok(finance.post(f"{V1}/payments/{payment['id']}/approve"))
    proposal = ok(finance.get(f"{V1}/payments/{payment['id']}/allocation-proposal"))
    assert [(p["invoice_id"], p["amount"], p["reason"]) for p in proposal] == [(invoice["id"], "600.00", "reference")]
    made = ok(finance.post(f"{V1}/payments/{payment['id']}/allocations", json={"lines": [
        {"invoice_id": invoice["id"], "amount": "600.00"}]}), 201)
    assert made[0]["invoice_number"] == approved["number"]

    rest = ok(finance.post(f"{V1}/payments", json={"supplier_id": supplier.id, "amount": "538.00"}), 201)
    ok(finance.post(f"{V1}/payments/{rest['id']}/approve"))
    proposals = ok(finance.get(f"{V1}/payment-allocation-proposals?supplier_id={supplier.id}"))
    assert [(p["payment_id"], p["amount"]) for p in proposals] == [(rest["id"], "538.00")]
    ok(finance.post(f"{V1}/payment-allocations", json={"lines": [
        {"payment_id": rest["id"], "invoice_id": invoice["id"], "amount": "538.00"}]}), 201)
    paid = ok(finance.get(f"{V1}/supplier-invoices/{invoice['id']}"))
    assert (paid["amount_open"], paid["paid"]) == ("0.00", "1138.00")
    allocations = ok(finance.get(f"{V1}/supplier-invoices/{invoice['id']}/allocations"))
    assert sorted(a["amount"] for a in allocations) == ["538.00", "600.00"]

    reversed_ = ok(finance.post(f"{V1}/payment-allocations/{allocations[0]['id']}/reverse", json={"reason": "错"}))
    assert reversed_["reversed"] is True
    assert ok(finance.get(f"{V1}/supplier-invoices/{invoice['id']}"))["amount_open"] == allocations[0]["amount"]


def test_bad_input_is_a_clear_4xx_and_writes_nothing(db, api, finance, purchaser, supplier, make_supplier, wh,
                                                     two_receipts, cola, make_order, receive):
    first, second = two_receipts
    other = make_supplier(name="别家")
    from purchasing.orders import services as orders
    from tests.purchasing.conftest import line

    other_order = orders.create_order(db, purchaser, {"supplier_id": other.id, "warehouse_id": wh.id,
                                                      "lines": [line(cola, 5)]})
    orders.approve_order(db, purchaser, other_order.id)
    theirs = receive(other_order, [(other_order.lines[0], 5, "X1", days(100))])

    mixed = refused(finance.post(f"{V1}/supplier-invoices", json={
        "receipt_ids": [first.id, theirs.id], "supplier_invoice_no": "MIX"}), 409, "other_supplier")
    assert theirs.number in mixed["message"]
    too_many = refused(finance.post(f"{V1}/goods-receipts/{first.id}/supplier-invoices", json={
        "supplier_invoice_no": "MANY", "lines": [{"origin_line_id": first.lines[0].id, "qty": "61"}]}), 422)
    assert "60" in too_many["message"] and too_many["fields"]["lines"]["0"]["qty"]
    refused(finance.post(f"{V1}/supplier-invoices", json={"receipt_ids": [first.id]}), 422)  # the supplier's number
    last_month = TODAY.replace(day=1) - dt.timedelta(days=1)
    db.add(Period(month=last_month.strftime("%Y-%m"), closed=True))
    db.flush()
    db.info.pop("closed_months", None)
    refused(finance.post(f"{V1}/supplier-invoices", json={"receipt_ids": [first.id], "supplier_invoice_no": "OLD",
                                                          "doc_date": last_month.isoformat()}), 409, "period_closed")
    assert ok(finance.get(f"{V1}/supplier-invoices"))["total"] == 0

    invoice = ok(finance.post(f"{V1}/supplier-invoices", json={"receipt_ids": [first.id],
                                                               "supplier_invoice_no": "OK"}), 201)
    ok(finance.post(f"{V1}/supplier-invoices/{invoice['id']}/approve"))
    theirs_paid = ok(finance.post(f"{V1}/payments", json={"supplier_id": other.id, "amount": "100.00"}), 201)
    ok(finance.post(f"{V1}/payments/{theirs_paid['id']}/approve"))
    refused(finance.post(f"{V1}/payments/{theirs_paid['id']}/allocations", json={"lines": [
        {"invoice_id": invoice["id"], "amount": "100.00"}]}), 409, "other_party")
    ours = ok(finance.post(f"{V1}/payments", json={"supplier_id": supplier.id, "amount": "9999.00"}), 201)
    ok(finance.post(f"{V1}/payments/{ours['id']}/approve"))
    over = refused(finance.post(f"{V1}/payments/{ours['id']}/allocations", json={"lines": [
        {"invoice_id": invoice["id"], "amount": "678.01"}]}), 409, "over_allocation")
    assert "678.00" in over["message"]
    refused(finance.post(f"{V1}/payments/{ours['id']}/allocations", json={"lines": [
        {"invoice_id": invoice["id"], "amount": "1.001"}]}), 422)
    refused(finance.post(f"{V1}/payments", json={"supplier_id": supplier.id, "amount": "5.00",
                                                 "doc_date": last_month.isoformat()}), 409, "period_closed")
    assert ok(finance.get(f"{V1}/payments/{ours['id']}/allocations")) == []
    assert ok(finance.get(f"{V1}/supplier-invoices/{invoice['id']}"))["amount_open"] == "678.00"


def test_purchasers_enter_invoices_but_only_finance_pays(api, purchaser, supplier, two_receipts):
    buyer = api(purchaser)
    first, _ = two_receipts
    ok(buyer.post(f"{V1}/goods-receipts/{first.id}/supplier-invoices", json={"supplier_invoice_no": "P-1"}), 201)
    refused(buyer.post(f"{V1}/payments", json={"supplier_id": supplier.id, "amount": "1.00"}), 403)
    refused(buyer.get(f"{V1}/reports/payables-aging"), 403)
    ok(buyer.get(f"{V1}/reports/supplier-purchase-sales-inventory?date_from={TODAY}&date_to={TODAY}"))


def test_the_payables_reports_read_the_same_as_json_xlsx_csv_and_pdf(finance, supplier, two_receipts, bill_api):
    first, _ = two_receipts
    bill_api(finance, first, "REP-1")
    aging = ok(finance.get(f"{V1}/reports/payables-aging"))
    assert aging["rows"][0]["buckets"][0] == "678.00" and aging["balance"] == "678.00"
    sheet = xlsx_rows(ok(finance.get(f"{V1}/reports/payables-aging?format=xlsx")))
    assert sheet[0][:3] == ["供应商编码", "供应商", "未到期"] and sheet[1][1:3] == [supplier.name, 678]
    rows = csv_rows(ok(finance.get(f"{V1}/reports/payables-aging?format=csv")))
    assert rows[1][:3] == [supplier.code, supplier.name, "678.00"]
    invoices = ok(finance.get(f"{V1}/reports/payables-aging/invoices?supplier_id={supplier.id}"))
    assert [(i["supplier_invoice_no"], i["open_amount"]) for i in invoices] == [("REP-1", "678.00")]

    period = f"supplier_id={supplier.id}&date_from={TODAY.replace(day=1)}&date_to={TODAY}"
    statement = ok(finance.get(f"{V1}/reports/supplier-statement?{period}"))
    assert (statement["opening"], statement["invoiced"], statement["closing"]) == ("0.00", "678.00", "678.00")
    sheet = xlsx_rows(ok(finance.get(f"{V1}/reports/supplier-statement?{period}&format=xlsx")))
    assert sheet[-1][1:] == ["期末余额", None, 0, 678, 678]
    pdf = ok(finance.get(f"{V1}/reports/supplier-statement/pdf?{period}&lang=zh"))
    assert pdf.mimetype == "application/pdf"
    text = all_text(pdf.data)
    assert "供应商往来对账单" in text and supplier.name in text and "678.00" in text

    psi = ok(finance.get(f"{V1}/reports/supplier-purchase-sales-inventory?date_from={TODAY}&date_to={TODAY}"))
    assert [(r["supplier_id"], r["bought"], r["in_stock"]) for r in psi] == [(supplier.id, "100.0000", "100.0000")]
    rows = csv_rows(ok(finance.get(f"{V1}/reports/supplier-purchase-sales-inventory?date_from={TODAY}"
                                   f"&date_to={TODAY}&format=csv")))
    assert rows[1][0] == supplier.code and rows[1][5] == "100"
    refused(finance.get(f"{V1}/reports/supplier-statement?supplier_id={supplier.id}&date_from={TODAY}"
                        f"&date_to={TODAY - dt.timedelta(days=1)}"), 422)


@pytest.fixture
def bill_api():
    def make(client, receipt, number):
        invoice = ok(client.post(f"{V1}/goods-receipts/{receipt.id}/supplier-invoices",
                                 json={"supplier_invoice_no": number}), 201)
        return ok(client.post(f"{V1}/supplier-invoices/{invoice['id']}/approve"))

    return make
