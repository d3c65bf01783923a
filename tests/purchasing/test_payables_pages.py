"""Finance's pages for suppliers through the test client: the menu, entering a supplier
invoice from a supplier's receipts (the match shown per line), paying it and allocating
the payment, the payables aging, the supplier statement and the supplier 进销存."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from purchasing.invoices.models import SupplierInvoice
from purchasing.payments.models import Payment
from tests.purchasing.conftest import TODAY, days


@pytest.fixture
def received(cola, make_order, receive):
    """100 bottles ordered at 11.30, received 60 and then 40."""
    order = make_order([(cola, 100, "11.30")])
    return (receive(order, [(order.lines[0], 60, "L1", days(200))]),
            receive(order, [(order.lines[0], 40, "L2", days(300))]))


def test_the_menus_show_invoices_to_purchasers_and_payables_to_finance(login, purchaser, accountant):
    page = login(purchaser).get("/purchasing/invoices/").get_data(as_text=True)
    assert "采购发票" in page and "供应商进销存" in page and "应付账龄" not in page
    page = login(accountant).get("/purchasing/payments/").get_data(as_text=True)
    for label in ("付款单", "付款自动核销", "应付账龄", "供应商往来明细", "采购发票"):
        assert label in page


def test_finance_enters_an_invoice_from_the_suppliers_receipts_and_sees_the_match(
        db, login, accountant, manager, supplier, received):
    first, second = received
    client = login(accountant)
    receipt_page = client.get(f"/purchasing/receipts/{second.id}").get_data(as_text=True)
    assert f"/purchasing/invoices/new?supplier_id={supplier.id}&amp;receipt_ids={second.id}" in receipt_page
    only_second = client.get(f"/purchasing/invoices/new?supplier_id={supplier.id}&receipt_ids={second.id}")
    assert 'name="lines-1-qty"' not in only_second.get_data(as_text=True)  # the receipt picked, only
    picked = client.get(f"/purchasing/invoices/new?supplier_id={supplier.id}").get_data(as_text=True)
    assert first.number in picked and second.number in picked and 'name="lines-1-unit_price"' in picked

    too_many = client.post(f"/purchasing/invoices/new?supplier_id={supplier.id}", data={
        "supplier_invoice_no": "SH-9", "price_includes_vat": "on",
        "lines-0-origin_line_id": first.lines[0].id, "lines-0-qty": "",
        "lines-1-origin_line_id": second.lines[0].id, "lines-1-qty": "41"})
    assert too_many.status_code == 422
    assert 'data-field="lines.1.qty"' in too_many.get_data(as_text=True)  # beside the second row
    assert db.scalars(select(SupplierInvoice)).all() == []

    saved = client.post(f"/purchasing/invoices/new?supplier_id={supplier.id}", data={
        "supplier_invoice_no": "SH-9", "supplier_invoice_date": TODAY.isoformat(), "price_includes_vat": "on",
        "lines-0-origin_line_id": first.lines[0].id, "lines-0-qty": "60", "lines-0-unit_price": "11.30",
        "lines-1-origin_line_id": second.lines[0].id, "lines-1-qty": "40", "lines-1-unit_price": "11.50"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    invoice = db.scalar(select(SupplierInvoice))
    detail = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert 'data-status="price_mismatch"' in detail and 'data-status="ok"' in detail and "三单匹配" in detail
    assert "1,138.00" in detail and first.number in detail

    assert client.post(f"/purchasing/invoices/{invoice.id}/approve").status_code == 302
    db.refresh(invoice)
    assert invoice.state.value == "pending"
    assert login(manager).post(f"/purchasing/invoices/{invoice.id}/approve").status_code == 302
    db.refresh(invoice)
    assert invoice.state.value == "approved"
    page = login(accountant).get(f"/purchasing/invoices/{invoice.id}").get_data(as_text=True)
    assert f"/purchasing/payments/new?supplier_id={supplier.id}" in page


def test_finance_pays_an_invoice_in_two_parts_on_the_payment_pages(db, login, accountant, supplier, received, bill,
                                                                  pay):
    first, _ = received
    invoice = bill(first, "SH-10")
    client = login(accountant)
    form = client.get(f"/purchasing/payments/new?supplier_id={supplier.id}&amount=678.00&reference=SH-10")
    assert form.status_code == 200 and 'value="678.00"' in form.get_data(as_text=True)
    saved = client.post("/purchasing/payments/new", data={"supplier_id": supplier.id, "amount": "400.00",
                                                          "method": "bank_transfer", "reference": "SH-10 首款"})
    assert saved.status_code == 302
    payment = db.scalar(select(Payment))
    assert client.post(f"/purchasing/payments/{payment.id}/approve").status_code == 302
    detail = client.get(f"/purchasing/payments/{payment.id}").get_data(as_text=True)
    assert f'name="amount-{invoice.id}" value="400.00"' in detail  # proposed: the reference names the invoice

    too_much = client.post(f"/purchasing/payments/{payment.id}/allocate", data={f"amount-{invoice.id}": "678.00"})
    assert too_much.status_code == 302 and invoice.amount_open == D("678.00")
    assert "678.00" in client.get(too_much.headers["Location"]).get_data(as_text=True)  # the refusal is shown
    assert client.post(f"/purchasing/payments/{payment.id}/allocate",
                       data={f"amount-{invoice.id}": "400.00"}).status_code == 302
    db.expire_all()
    assert invoice.amount_open == D("278.00")

    second = pay(supplier, "278.00", approve=False)
    assert client.post(f"/purchasing/payments/{second.id}/approve").status_code == 302
    matching = client.get(f"/purchasing/payments/matching?supplier_id={supplier.id}").get_data(as_text=True)
    assert f'value="{second.id}:{invoice.id}"' in matching
    assert client.post("/purchasing/payments/matching", data={
        "pick": f"{second.id}:{invoice.id}", f"amount-{second.id}:{invoice.id}": "278.00"}).status_code == 302
    db.expire_all()
    assert invoice.amount_open == D("0.00")


def test_the_payables_pages_show_the_aging_statement_and_supplier_psi(db, login, accountant, supplier, received,
                                                                       bill, pay, allocate):
    first, second = received
    invoice = bill(first, "SH-11")
    allocate(pay(supplier, "100.00"), [(invoice, "100.00")])
    client = login(accountant)
    aging = client.get("/purchasing/payables/aging").get_data(as_text=True)
    assert supplier.name in aging and "578.00" in aging and "/api/v1/reports/payables-aging?" in aging
    assert "format=xlsx" in aging and "format=csv" in aging
    drill = client.get(f"/purchasing/payables/aging/{supplier.id}").get_data(as_text=True)
    assert invoice.number in drill and "SH-11" in drill
    statement = client.get(f"/purchasing/payables/statement?supplier_id={supplier.id}").get_data(as_text=True)
    assert 'id="closing"><b>578.00' in statement and "付款" in statement
    assert "/api/v1/reports/supplier-statement/pdf" in statement
    psi = client.get("/purchasing/payables/purchase-sales-inventory").get_data(as_text=True)
    assert supplier.name in psi and "可口可乐" in psi and "format=csv" in psi
    assert client.get("/purchasing/payables/aging/987654").status_code == 404
