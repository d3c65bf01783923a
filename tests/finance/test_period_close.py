"""Month-end close (月末结账): what blocks it, what it keeps, what it refuses afterwards,
and the admin's reopen with its reason in the audit log."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp import clock
from erp.audit.models import AuditEntry
from erp.errors import Conflict, Forbidden, PeriodClosed, ValidationFailed
from finance.allocation import services as allocation
from finance.periods import services as periods
from finance.periods.models import OpenItemSnapshot, StockSnapshot
from finance.receipts import services as receipts

MARCH = "2025-03"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_unapproved_documents_of_the_month_block_the_close_and_are_listed(db, books, make_customer, people):
    customer = make_customer()
    draft = books.receipt(customer, "10.00", day("2025-03-05"), approve=False)
    blockers = periods.close_blockers(db, MARCH)
    assert [(b.kind, b.doc_type, b.doc_id) for b in blockers] == [("unapproved", "receipt", draft.id)]
    with pytest.raises(Conflict) as info:
        periods.close_period(db, people["finance"], MARCH)
    assert info.value.code == "period_blocked"
    assert "收款单" in info.value.fields["blockers"][0]
    receipts.delete_receipt(db, people["finance"], draft.id)
    assert periods.close_blockers(db, MARCH) == []


def test_a_month_not_over_cannot_be_closed_and_months_are_written_yyyy_mm(db, people):
    with pytest.raises(Conflict) as info:
        periods.close_period(db, people["finance"], clock.today().strftime("%Y-%m"))
    assert info.value.code == "period_not_over"
    with pytest.raises(ValidationFailed):
        periods.close_period(db, people["finance"], "2025-13")


def test_closing_keeps_the_inventory_valuation_and_the_receivables_as_a_snapshot(
        db, books, make_customer, people, wh):
    customer = make_customer(payment_terms_days=30)
    invoice = books.invoice(customer, "120.00", day("2025-03-10"))
    receipt = books.receipt(customer, "50.00", day("2025-03-12"))
    allocation.allocate_receipt(db, people["finance"], receipt.id, {
        "lines": [{"invoice_id": invoice.id, "amount": D("50.00")}], "alloc_date": day("2025-03-12")})
    books.invoice(customer, "70.00", day("2025-04-02"))  # after the month: not in its snapshot
    periods.close_period(db, people["finance"], MARCH)
    items = {row.number: row.open_amount for row in db.scalars(
        select(OpenItemSnapshot).where(OpenItemSnapshot.month == MARCH, OpenItemSnapshot.party_id == customer.id))}
    assert items == {invoice.number: D("70.00")}
    stock = db.scalars(select(StockSnapshot).where(StockSnapshot.month == MARCH,
                                                   StockSnapshot.product_id == books.product.id)).one()
    assert (stock.warehouse_id, stock.qty, stock.value) == (wh.id, D(99999), D("499995.00"))  # 1 sold in March


def test_a_closed_month_refuses_back_dated_postings_and_reopening_allows_them_with_audit(
        db, books, make_customer, people):
    customer = make_customer(payment_terms_days=30)
    invoice = books.invoice(customer, "100.00", day("2025-03-10"))
    paid = books.receipt(customer, "30.00", day("2025-03-15"))
    periods.close_period(db, people["finance"], MARCH)
    finance = people["finance"]

    with pytest.raises(PeriodClosed) as info:
        receipts.create_receipt(db, finance, {"customer_id": customer.id, "amount": D("5.00"),
                                              "method": "cash", "doc_date": day("2025-03-31")})
    assert "2025-03" in str(info.value)
    with pytest.raises(PeriodClosed):
        receipts.unapprove_receipt(db, finance, paid.id, "录错")
    with pytest.raises(PeriodClosed):
        allocation.allocate_receipt(db, finance, paid.id, {
            "lines": [{"invoice_id": invoice.id, "amount": D("30.00")}], "alloc_date": day("2025-03-31")})
    with pytest.raises(Forbidden):
        periods.reopen_period(db, finance, MARCH, "发现漏记")
    with pytest.raises(ValidationFailed):
        periods.reopen_period(db, people["admin"], MARCH, " ")

    periods.reopen_period(db, people["admin"], MARCH, "发现漏记的收款")
    audit = db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "periods", AuditEntry.entity_id == MARCH,
                                                AuditEntry.action == "reopen")).one()
    assert audit.note == "发现漏记的收款" and audit.user_id == people["admin"].id
    late = books.receipt(customer, "5.00", day("2025-03-31"))  # back-dated approval, now allowed
    assert late.state.value == "approved"
    receipts.unapprove_receipt(db, finance, paid.id, "录错")
    receipts.approve_receipt(db, finance, paid.id)
    periods.close_period(db, people["finance"], MARCH)
    with pytest.raises(PeriodClosed):
        receipts.unapprove_receipt(db, finance, late.id)
