"""Payments to suppliers (付款单) and their allocation to supplier invoices (付款核销): by
hand, in parts, by automatic matching; prepayments; reversals; and the refusals that
write nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from erp.checks import run_checks
from erp.documents.base import DocState
from erp.errors import Conflict, NotFound, PeriodClosed, ValidationFailed
from erp.periods.models import Period
from finance.ledger import services as ledger
from finance.ledger.models import Allocation
from purchasing.payments import allocation
from purchasing.payments import services as payments
from tests.purchasing.conftest import TODAY, days


def open_on(db, invoice):
    return ledger.item_of(db, "supplier_invoice", invoice.id).amount_open


def allocations(db) -> int:
    return db.scalar(select(func.count()).select_from(Allocation))


@pytest.fixture
def invoiced(make_order, receive, bill, cola):
    """An approved invoice of 100 bottles at 11.30: 1,130.00 owed."""
    order = make_order([(cola, 100, "11.30")])
    receipt = receive(order, [(order.lines[0], 100, "L1", days(200))])
    return bill(receipt, "SH-0001")


def test_pay_an_invoice_in_two_parts(db, accountant, supplier, invoiced, pay, allocate):
    first = pay(supplier, "600.00", reference="货款第一笔")
    assert first.state == DocState.APPROVED and first.number.startswith("FK")
    assert first.unapplied == D("600.00")  # paid, not yet applied
    allocate(first, [(invoiced, "600.00")])
    assert open_on(db, invoiced) == D("530.00") and first.unapplied == D("0.00")

    second = pay(supplier, "530.00", method="acceptance_bill", bill_due_date=days(90))
    made = allocate(second, [(invoiced, "530.00")])
    assert [a.amount for a in made] == [D("530.00")]
    assert open_on(db, invoiced) == D("0.00") and invoiced.paid == D("1130.00") and invoiced.amount_open == 0
    assert [a.payment_item.doc_id for a in db.scalars(allocation.query_allocations(invoice_id=invoiced.id))] \
        == [second.id, first.id]
    assert [(n, p) for n, p in run_checks(db) if p] == []


def test_a_prepayment_stays_as_the_suppliers_credit_until_an_invoice_takes_it(
        db, accountant, supplier, make_order, receive, bill, cola, pay, allocate):
    prepaid = pay(supplier, "500.00", reference="预付款")
    assert prepaid.unapplied == D("500.00") and allocation.propose_matches(db, accountant,
                                                                           supplier_id=supplier.id) == []
    order = make_order([(cola, 24, "11.30")])
    receipt = receive(order, [(order.lines[0], 24, "L1", days(200))])
    invoice = bill(receipt, "SH-0002")
    proposals = allocation.propose_matches(db, accountant, payment_id=prepaid.id)
    assert [(p.charge.doc_id, p.amount, p.reason) for p in proposals] == [(invoice.id, D("271.20"), "oldest_due")]
    allocation.apply_matches(db, accountant, {"lines": [
        {"payment_id": prepaid.id, "invoice_id": invoice.id, "amount": D("271.20")}]})
    assert open_on(db, invoice) == D("0.00") and prepaid.unapplied == D("228.80")


def test_automatic_matching_finds_the_invoice_the_transfer_quotes(db, accountant, supplier, make_order, receive,
                                                                  bill, cola, pay):
    order = make_order([(cola, 48, "11.30")])
    early = receive(order, [(order.lines[0], 24, "L1", days(200))])
    late = receive(order, [(order.lines[0], 24, "L2", days(300))])
    bill(early, "SH-A-001")
    quoted = bill(late, "SH-A-002")
    payment = pay(supplier, "100.00", reference="付SH-A-002部分货款")
    proposals = allocation.propose_matches(db, accountant, payment_id=payment.id)
    assert [(p.charge.doc_id, p.amount, p.reason) for p in proposals] == [(quoted.id, D("100.00"), "reference")]


def test_reversing_an_allocation_opens_the_money_again(db, accountant, supplier, invoiced, pay, allocate):
    from finance.allocation import services as receivables

    payment = pay(supplier, "300.00")
    made = allocate(payment, [(invoiced, "300.00")])[0]
    with pytest.raises(NotFound):  # the receivables' reversal does not reach payables
        receivables.reverse_allocation(db, accountant, made.id, {})
    with pytest.raises(Conflict) as refused:
        payments.unapprove_payment(db, accountant, payment.id)
    assert refused.value.code == "payment_allocated"
    allocation.reverse_payment_allocation(db, accountant, made.id, {"reason": "付错发票"})
    assert open_on(db, invoiced) == D("1130.00") and payment.unapplied == D("300.00")
    with pytest.raises(Conflict) as twice:
        allocation.reverse_payment_allocation(db, accountant, made.id, {})
    assert twice.value.code == "reversed_already"
    payments.unapprove_payment(db, accountant, payment.id, "金额录错")
    assert payment.state == DocState.DRAFT and payment.unapplied == D("0")


def test_paying_more_than_is_open_is_refused_and_writes_nothing(db, supplier, invoiced, pay, allocate):
    payment = pay(supplier, "2000.00")
    before = allocations(db)
    with pytest.raises(Conflict) as refused:
        allocate(payment, [(invoiced, "1130.01")])
    assert refused.value.code == "over_allocation" and "1130.00" in str(refused.value)
    small = pay(supplier, "100.00")
    with pytest.raises(Conflict) as short:
        allocate(small, [(invoiced, "100.01")])
    assert short.value.code == "over_payment"
    assert allocations(db) == before and open_on(db, invoiced) == D("1130.00")


def test_allocating_to_another_suppliers_invoice_is_refused(db, make_supplier, invoiced, pay, allocate):
    other = make_supplier(name="别家供应商")
    payment = pay(other, "100.00")
    with pytest.raises(Conflict) as refused:
        allocate(payment, [(invoiced, "100.00")])
    assert refused.value.code == "other_party" and invoiced.number in str(refused.value)


def test_a_draft_payment_or_invoice_cannot_be_allocated(db, supplier, invoiced, pay, allocate):
    draft = pay(supplier, "100.00", approve=False)
    with pytest.raises(Conflict) as refused:
        allocate(draft, [(invoiced, "100.00")])
    assert refused.value.code == "payment_not_approved"


def test_nothing_is_paid_or_allocated_in_a_closed_period(db, supplier, invoiced, pay, allocate):
    payment = pay(supplier, "100.00")
    last_month = TODAY.replace(day=1) - dt.timedelta(days=1)
    db.add(Period(month=last_month.strftime("%Y-%m"), closed=True))
    db.flush()
    db.info.pop("closed_months", None)
    with pytest.raises(PeriodClosed):
        pay(supplier, "100.00", doc_date=last_month)
    with pytest.raises(PeriodClosed):
        allocate(payment, [(invoiced, "100.00")], alloc_date=last_month)


def test_a_payment_needs_a_positive_amount_and_a_bills_maturity(db, supplier, pay):
    with pytest.raises(ValidationFailed):
        pay(supplier, "0")
    with pytest.raises(ValidationFailed) as refused:
        pay(supplier, "10.00", method="acceptance_bill")
    assert "bill_due_date" in refused.value.fields


def test_a_receivables_allocation_is_not_reversed_here(db, accountant):
    with pytest.raises(NotFound):
        allocation.reverse_payment_allocation(db, accountant, 987654, {})
