"""Writing off a small difference on the payables side (尾差核销): a few fen left unpaid on a
supplier invoice, or the rest of a payment no invoice will take — through the service,
the API and the pages, with the same limit and permission as receivables."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from erp.checks import run_checks
from erp.errors import Forbidden, ValidationFailed
from finance.ledger.models import WriteOff
from purchasing.payments import allocation
from tests.purchasing.conftest import days


def write_offs(db) -> int:
    return db.scalar(select(func.count()).select_from(WriteOff))


@pytest.fixture
def short_paid(make_order, receive, bill, cola, pay, allocate, supplier):
    """An invoice of 1,130.00 paid 1,129.95 (the supplier's transfer fee): 0.05 left open;
    and a payment of 1,200.00 with 70.05 left unapplied."""
    order = make_order([(cola, 100, "11.30")])
    receipt = receive(order, [(order.lines[0], 100, "L1", days(200))])
    invoice = bill(receipt, "SH-0001")
    payment = pay(supplier, "1200.00")
    allocate(payment, [(invoice, "1129.95")])
    return invoice, payment


def test_the_fen_left_on_an_invoice_and_the_rest_of_a_payment_are_written_off(db, accountant, short_paid):
    invoice, payment = short_paid
    assert invoice.amount_open == D("0.05")
    done = allocation.write_off_payable_difference(db, accountant, {"invoice_id": invoice.id, "reason": "手续费"})
    assert (done.amount, done.party_id, done.item.number) == (D("0.05"), invoice.supplier_id, invoice.number)
    db.refresh(invoice)
    assert invoice.amount_open == D("0.00") and invoice.paid == D("1130.00")

    allocation.write_off_payable_difference(db, accountant, {"payment_id": payment.id, "amount": D("0.05"),
                                                             "reason": "尾差"})
    db.refresh(payment)
    assert payment.unapplied == D("70.00")
    assert [(n, p) for n, p in run_checks(db) if p] == []


def test_refusals_write_nothing(db, accountant, purchaser, short_paid):
    invoice, payment = short_paid
    with pytest.raises(Forbidden) as above:  # 70.05 is above the 10.00 limit
        allocation.write_off_payable_difference(db, accountant, {"payment_id": payment.id, "reason": "x"})
    assert above.value.code == "write_off_limit"
    with pytest.raises(ValidationFailed) as no_reason:
        allocation.write_off_payable_difference(db, accountant, {"invoice_id": invoice.id})
    assert "reason" in no_reason.value.fields
    with pytest.raises(ValidationFailed):
        allocation.write_off_payable_difference(db, accountant, {"invoice_id": invoice.id, "payment_id": payment.id,
                                                                 "reason": "x"})
    with pytest.raises(Forbidden):
        allocation.write_off_payable_difference(db, purchaser, {"invoice_id": invoice.id, "reason": "x"})
    assert write_offs(db) == 0 and invoice.amount_open == D("0.05")


def test_through_the_api(db, api, accountant, purchaser, short_paid):
    invoice, payment = short_paid
    response = api(purchaser).post("/api/v1/payable-write-offs", json={"invoice_id": invoice.id, "reason": "x"})
    assert response.status_code == 403
    response = api(accountant).post("/api/v1/payable-write-offs", json={"invoice_id": invoice.id, "amount": "0.051",
                                                                        "reason": "x"})
    assert response.status_code == 422 and "amount" in response.get_json()["error"]["fields"]
    response = api(accountant).post("/api/v1/payable-write-offs", json={"invoice_id": invoice.id, "reason": "手续费"})
    assert response.status_code == 201
    body = response.get_json()
    assert (body["amount"], body["document"], body["supplier_id"]) == ("0.05", invoice.number, invoice.supplier_id)
    db.refresh(invoice)
    assert invoice.amount_open == D("0.00")


def test_from_the_pages_a_typo_is_refused_and_nothing_is_written(db, login, accountant, purchaser, short_paid):
    invoice, payment = short_paid
    page = login(purchaser).get(f"/purchasing/invoices/{invoice.id}").get_data(as_text=True)
    assert "write-off" not in page  # a purchaser may not write off
    client = login(accountant)
    page = client.get(f"/purchasing/invoices/{invoice.id}").get_data(as_text=True)
    assert f'action="/purchasing/invoices/{invoice.id}/write-off"' in page and 'value="0.05"' in page
    refused = client.post(f"/purchasing/invoices/{invoice.id}/write-off", data={"amount": "0,0x", "reason": "手续费"},
                          follow_redirects=True)
    assert "输入" in refused.get_data(as_text=True) and write_offs(db) == 0
    client.post(f"/purchasing/invoices/{invoice.id}/write-off", data={"amount": "0.05", "reason": "手续费"})
    db.refresh(invoice)
    assert invoice.amount_open == D("0.00") and write_offs(db) == 1

    page = client.get(f"/purchasing/payments/{payment.id}").get_data(as_text=True)
    assert f'action="/purchasing/payments/{payment.id}/write-off"' in page
    client.post(f"/purchasing/payments/{payment.id}/write-off", data={"amount": "0.05", "reason": "尾差"})
    db.refresh(payment)
    assert payment.unapplied == D("70.00") and write_offs(db) == 2


def test_a_write_off_is_reversed_from_the_api_and_the_pages(db, api, login, accountant, purchaser, short_paid):
    invoice, payment = short_paid
    done = allocation.write_off_payable_difference(db, accountant, {"invoice_id": invoice.id, "reason": "手续费"})
    assert api(purchaser).post(f"/api/v1/payable-write-offs/{done.id}/reverse", json={}).status_code == 403
    response = api(accountant).post(f"/api/v1/payable-write-offs/{done.id}/reverse", json={"reason": "供应商不认"})
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["reversed"], response.get_json()["supplier_id"]) == (True, invoice.supplier_id)
    db.refresh(invoice)
    assert invoice.amount_open == D("0.05")
    assert [(n, p) for n, p in run_checks(db) if p] == []
    assert api(accountant).post(f"/api/v1/write-offs/{done.id}/reverse", json={}).status_code == 404  # not a receivable

    again = allocation.write_off_payable_difference(db, accountant, {"payment_id": payment.id, "amount": D("0.05"),
                                                                     "reason": "尾差"})
    client = login(accountant)
    page = client.get(f"/purchasing/payments/{payment.id}").get_data(as_text=True)
    assert f'action="/purchasing/payments/write-offs/{again.id}/reverse"' in page
    response = client.post(f"/purchasing/payments/write-offs/{again.id}/reverse", data={"reason": "录错"},
                           follow_redirects=True)
    assert response.request.path == f"/purchasing/payments/{payment.id}"  # back on the payment's page
    assert "已取消尾差核销" in response.get_data(as_text=True)
    db.refresh(payment)
    assert payment.unapplied == D("70.05")
    again_page = client.get(f"/purchasing/payments/{payment.id}").get_data(as_text=True)
    assert "录错" in again_page and f'write-offs/{again.id}/reverse"' not in again_page
    refused = client.post(f"/purchasing/payments/write-offs/{again.id}/reverse", data={}, follow_redirects=True)
    assert "该尾差核销已取消过" in refused.get_data(as_text=True)
