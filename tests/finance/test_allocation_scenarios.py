"""Finance staff matching money to invoices (核销), as they live it, through the services."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.checks import run_checks
from erp.errors import Conflict, Forbidden, PeriodClosed, ValidationFailed
from erp.periods.models import Period
from erp.periods.services import forget_closed_periods
from erp.settings.services import set_setting
from finance.allocation import services as allocation
from finance.ledger.models import EntryType, LedgerEntry
from finance.ledger.queries import item_open_as_of
from finance.receipts import services as receipts
from finance.receivables.booking import book_sales_documents
from tests.finance.conftest import TODAY, days


def open_of(db, invoice):
    db.refresh(invoice)
    return invoice.amount_open


def lines(receipt, *pairs):
    return {"lines": [{"invoice_id": inv.id, "amount": D(str(amount))} for inv, amount in pairs]}


def no_problems(db):
    return [(name, problems) for name, problems in run_checks(db) if problems] == []


def test_an_invoice_approved_through_sales_is_a_receivable_without_any_further_step(db, books, make_customer):
    customer = make_customer()
    invoice = books.invoice(customer, "100.00", days(-10))
    report_rows = allocation.propose_matches(db, books.people["finance"], customer_id=customer.id)
    assert report_rows == []  # nothing to match yet, but the invoice got booked
    from finance.ledger.services import item_of

    item = item_of(db, "sales_invoice", invoice.id)
    assert item.amount == item.amount_open == D("100.00")
    assert item.due_date == invoice.due_date == days(-10 + customer.payment_terms_days)
    assert no_problems(db)


def test_receipt_150_against_invoices_100_and_100_pays_the_oldest_first_and_leaves_50_open(db, books, make_customer):
    customer = make_customer()
    older = books.invoice(customer, "100.00", days(-40))
    newer = books.invoice(customer, "100.00", days(-5))
    receipt = books.receipt(customer, "150.00")
    proposals = allocation.propose_matches(db, books.people["finance"], receipt_id=receipt.id)
    assert [(p.charge.doc_id, p.amount, p.reason) for p in proposals] == [
        (older.id, D("100.00"), "oldest_due"), (newer.id, D("50.00"), "oldest_due")]
    allocation.apply_matches(db, books.people["finance"], {"lines": [
        {"receipt_id": receipt.id, "invoice_id": p.charge.doc_id, "amount": p.amount} for p in proposals]})
    assert open_of(db, older) == D("0.00")
    assert open_of(db, newer) == D("50.00")
    assert allocation.receipt_item(db, receipt.id).amount_open == D("0.00")
    assert no_problems(db)


def test_an_exact_amount_or_a_quoted_invoice_number_is_matched_before_the_oldest(db, books, make_customer):
    customer = make_customer()
    oldest = books.invoice(customer, "80.00", days(-60))
    exact = books.invoice(customer, "120.00", days(-30))
    quoted = books.invoice(customer, "300.00", days(-20))
    by_amount = books.receipt(customer, "120.00")
    by_reference = books.receipt(customer, "50.00", reference=f"货款 {quoted.number}")
    proposals = allocation.propose_matches(db, books.people["finance"], customer_id=customer.id)
    assert {(p.payment.doc_id, p.charge.doc_id, p.amount, p.reason) for p in proposals} == {
        (by_amount.id, exact.id, D("120.00"), "exact_amount"),
        (by_reference.id, quoted.id, D("50.00"), "reference")}
    assert oldest.id not in {p.charge.doc_id for p in proposals}


def test_an_over_payment_stays_as_credit_and_is_applied_to_the_next_invoice(db, books, make_customer):
    customer = make_customer()
    first = books.invoice(customer, "100.00", days(-3))
    receipt = books.receipt(customer, "130.00")
    allocation.allocate_receipt(db, books.people["finance"], receipt.id, lines(receipt, (first, "100.00")))
    from finance.ledger.queries import unapplied

    assert unapplied(db, "receivable", customer.id) == D("30.00")
    with pytest.raises(Conflict) as info:
        allocation.allocate_receipt(db, books.people["finance"], receipt.id, lines(receipt, (first, "30.00")))
    assert info.value.code == "over_allocation"
    following = books.invoice(customer, "45.00")
    made = allocation.auto_match(db, books.people["finance"], customer_id=customer.id)
    assert [(a.charge_item.doc_id, a.amount) for a in made] == [(following.id, D("30.00"))]
    assert open_of(db, following) == D("15.00")
    assert unapplied(db, "receivable", customer.id) == D("0.00")


def test_a_credit_note_reduces_the_open_amount(db, books, make_customer):
    customer = make_customer()
    invoice = books.invoice(customer, "200.00", days(-2))
    book_sales_documents(db, customer_id=customer.id)
    credit = books.credit(invoice, "30.00")
    assert open_of(db, invoice) == D("170.00")
    book_sales_documents(db, customer_id=customer.id)
    item = allocation.invoice_item(db, invoice.id)
    assert item.amount == D("200.00") and item.amount_open == D("170.00")
    entries = db.scalars(select(LedgerEntry).where(LedgerEntry.item_id == item.id).order_by(LedgerEntry.id)).all()
    assert [(e.entry_type, e.amount, e.source_number) for e in entries] == [
        (EntryType.INVOICE, D("200.00"), invoice.number), (EntryType.CREDIT_NOTE, D("-30.00"), credit.number)]
    assert no_problems(db)


def test_every_receivable_knows_its_open_amount_at_any_date(db, books, make_customer):
    customer = make_customer()
    invoice = books.invoice(customer, "100.00", days(-20))
    receipt = books.receipt(customer, "60.00", days(-10))
    allocation.allocate_receipt(db, books.people["finance"], receipt.id,
                                {**lines(receipt, (invoice, "60.00")), "alloc_date": days(-10)})
    item = allocation.invoice_item(db, invoice.id)
    assert item_open_as_of(db, item.id, days(-21)) == D("0")
    assert item_open_as_of(db, item.id, days(-11)) == D("100.00")
    assert item_open_as_of(db, item.id, days(-10)) == D("40.00")


def test_allocation_refuses_more_than_open_another_customer_and_a_closed_month_writing_nothing(
        db, books, make_customer):
    mine, theirs = make_customer(), make_customer()
    invoice = books.invoice(mine, "100.00", days(-3))
    other_invoice = books.invoice(theirs, "100.00", days(-3))
    receipt = books.receipt(mine, "150.00", days(-3))
    finance = books.people["finance"]
    with pytest.raises(Conflict) as info:
        allocation.allocate_receipt(db, finance, receipt.id, lines(receipt, (invoice, "120.00")))
    assert info.value.code == "over_allocation"
    with pytest.raises(Conflict) as info:
        allocation.allocate_receipt(db, finance, receipt.id, lines(receipt, (invoice, "100.00"), (invoice, "0.01")))
    with pytest.raises(Conflict) as info:
        allocation.allocate_receipt(db, finance, receipt.id, lines(receipt, (other_invoice, "10.00")))
    assert info.value.code == "other_party"
    receipt2 = books.receipt(mine, "20.00", days(-3))
    with pytest.raises(Conflict) as info:
        allocation.allocate_receipt(db, finance, receipt2.id, lines(receipt2, (invoice, "25.00")))
    assert info.value.code == "over_payment"
    db.add(Period(month=TODAY.strftime("%Y-%m"), closed=True))
    db.flush()
    forget_closed_periods(db)
    with pytest.raises(PeriodClosed):
        allocation.allocate_receipt(db, finance, receipt.id, lines(receipt, (invoice, "10.00")))
    with pytest.raises(Forbidden):
        allocation.allocate_receipt(db, books.people["clerk"], receipt.id, lines(receipt, (invoice, "10.00")))


def test_reversing_an_allocation_opens_both_again_and_lets_the_receipt_be_unapproved(db, books, make_customer):
    customer = make_customer()
    invoice = books.invoice(customer, "100.00", days(-3))
    receipt = books.receipt(customer, "100.00")
    finance = books.people["finance"]
    [made] = allocation.allocate_receipt(db, finance, receipt.id, lines(receipt, (invoice, "100.00")))
    with pytest.raises(Conflict) as info:
        receipts.unapprove_receipt(db, finance, receipt.id)
    assert info.value.code == "receipt_allocated"
    allocation.reverse_allocation(db, finance, made.id, {"reason": "分错客户"})
    with pytest.raises(Conflict):
        allocation.reverse_allocation(db, finance, made.id, {})
    assert open_of(db, invoice) == D("100.00")
    receipts.unapprove_receipt(db, finance, receipt.id, "金额录错")
    assert allocation.invoice_item(db, invoice.id).amount_open == D("100.00")
    assert no_problems(db)


def test_a_small_difference_is_written_off_within_the_admins_limit(db, books, make_customer):
    customer = make_customer()
    invoice = books.invoice(customer, "100.00", days(-3))
    receipt = books.receipt(customer, "99.98")
    finance = books.people["finance"]
    allocation.allocate_receipt(db, finance, receipt.id, lines(receipt, (invoice, "99.98")))
    set_setting(db, books.people["admin"], "finance.write_off_limit", "0.01")
    with pytest.raises(Forbidden) as info:
        allocation.write_off_difference(db, finance, {"invoice_id": invoice.id, "reason": "尾差"})
    assert info.value.code == "write_off_limit"
    set_setting(db, books.people["admin"], "finance.write_off_limit", "1.00")
    with pytest.raises(ValidationFailed):
        allocation.write_off_difference(db, finance, {"invoice_id": invoice.id})
    with pytest.raises(Forbidden):
        allocation.write_off_difference(db, books.people["clerk"], {"invoice_id": invoice.id, "reason": "尾差"})
    done = allocation.write_off_difference(db, finance, {"invoice_id": invoice.id, "reason": "尾差"})
    assert done.amount == D("0.02") and open_of(db, invoice) == D("0.00")
    assert no_problems(db)


def test_the_ledger_refuses_updates_and_deletes(db, books, make_customer):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    books.receipt(make_customer(), "10.00")
    with pytest.raises(DatabaseError):
        with db.begin_nested():
            db.execute(text("UPDATE ledger_entries SET amount = 0"))
    with pytest.raises(DatabaseError):
        with db.begin_nested():
            db.execute(text("DELETE FROM ledger_entries"))


def test_an_invoice_unapproved_in_sales_leaves_the_receivables(db, books, make_customer):
    from erp.sales.invoices import services as invoices

    customer = make_customer()
    invoice = books.invoice(customer, "100.00", days(-3))
    book_sales_documents(db, customer_id=customer.id)
    invoices.unapprove_invoice(db, books.people["finance"], invoice.id, "开错")
    assert book_sales_documents(db, customer_id=customer.id) == 1
    from finance.ledger.services import item_of

    item = item_of(db, "sales_invoice", invoice.id)
    assert item.amount == item.amount_open == D("0.00")
    invoices.approve_invoice(db, books.people["finance"], invoice.id)
    book_sales_documents(db, customer_id=customer.id)
    db.refresh(item)
    assert item.amount_open == D("100.00")
    assert no_problems(db)
