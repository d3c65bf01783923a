"""Two clerks allocating the same receipt at the same moment, each in a session and a
transaction of their own, with real commits: exactly one wins, the other gets a clear
409 and writes nothing (conditional UPDATEs under PostgreSQL's row locks; SQLite
serialises writers at BEGIN IMMEDIATE)."""
from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import func, select

from erp.checks import run_checks
from finance.allocation import services as allocation
from finance.ledger.models import Allocation
from tests import factories
from tests.clerks import race
from tests.finance.conftest import OPENING, Books, days


def _setup(sessions):
    from inventory.stock_ins import services as stock_ins

    with sessions() as s:
        people = {"clerk": factories.user(s, ("sales_clerk",)), "manager": factories.user(s, ("sales_manager",)),
                  "keeper": factories.user(s, ("warehouse",)), "finance": factories.user(s, ("finance",)),
                  "finance2": factories.user(s, ("finance",))}
        wh = factories.warehouse(s)
        product = factories.product(s)
        doc = stock_ins.create_stock_in(s, people["keeper"], {"warehouse_id": wh.id, "reason": "opening",
                                                              "doc_date": OPENING,
                                                              "lines": [{"product_id": product.id, "qty": D(100),
                                                                        "unit_cost": D("5.00")}]})
        stock_ins.approve_stock_in(s, people["keeper"], doc.id)
        books = Books(s, people, wh, product)
        customer = factories.customer(s)
        first = books.invoice(customer, "100.00", days(-20))
        second = books.invoice(customer, "100.00", days(-10))
        receipt = books.receipt(customer, "150.00")
        s.commit()
        return {k: u.id for k, u in people.items()}, receipt.id, first.id, second.id


def _allocating(receipt_id, invoice_id):
    """A clerk's attempt: 100.00 of the receipt to the invoice."""
    return lambda s, actor: allocation.allocate_receipt(s, actor, receipt_id, {
        "lines": [{"invoice_id": invoice_id, "amount": D("100.00")}]})


def _race(sessions, user_ids, receipt_id, invoice_ids):
    return race(sessions, [(uid, _allocating(receipt_id, iid)) for uid, iid in zip(user_ids, invoice_ids, strict=True)])


def test_two_clerks_allocating_the_same_receipt_at_once_exactly_one_wins(fresh_sessions):
    users, receipt_id, first_id, second_id = _setup(fresh_sessions)
    outcomes = _race(fresh_sessions, [users["finance"], users["finance2"]], receipt_id, [first_id, second_id])
    assert outcomes == ["over_payment", "won"]
    with fresh_sessions() as s:
        assert s.scalar(select(func.count()).select_from(Allocation)) == 1
        assert allocation.receipt_item(s, receipt_id).amount_open == D("50.00")
        assert [(name, problems) for name, problems in run_checks(s) if problems] == []


def test_two_clerks_allocating_to_the_same_invoice_at_once_cannot_pay_it_twice(fresh_sessions):
    users, receipt_id, first_id, _second = _setup(fresh_sessions)
    with fresh_sessions() as s:
        from erp.auth.models import User
        from finance.receipts import services as receipts

        other = receipts.create_receipt(s, s.get(User, users["finance"]), {
            "customer_id": allocation.receipt_item(s, receipt_id).party_id, "amount": D("100.00"),
            "method": "cash"})
        receipts.approve_receipt(s, s.get(User, users["finance"]), other.id)
        s.commit()
        other_id = other.id
    outcomes = race(fresh_sessions, [(users["finance"], _allocating(receipt_id, first_id)),
                                     (users["finance2"], _allocating(other_id, first_id))])
    assert sorted(outcomes) == ["over_allocation", "won"]
    with fresh_sessions() as s:
        assert allocation.invoice_item(s, first_id).amount_open == D("0.00")
        assert [(name, problems) for name, problems in run_checks(s) if problems] == []
