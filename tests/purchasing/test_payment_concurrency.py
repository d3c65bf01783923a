"""Two clerks allocating the same payment at the same moment, each in a session and a
transaction of their own, with real commits: exactly one wins, the other gets a clear
409 and writes nothing (on SQLite and on PostgreSQL)."""
from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import func, select

from erp.checks import run_checks
from finance.ledger.models import Allocation
from purchasing.invoices import services as invoices
from purchasing.orders import services as orders
from purchasing.payments import allocation
from purchasing.payments import services as payments
from purchasing.receipts import services as receipts
from tests import factories
from tests.clerks import race


def _setup(sessions):
    """A supplier with two approved invoices of 100.00 and one payment of 150.00."""
    with sessions() as s:
        people = {"buyer": factories.user(s, ("purchaser",)), "keeper": factories.user(s, ("warehouse",)),
                  "finance": factories.user(s, ("finance",)), "finance2": factories.user(s, ("finance",))}
        supplier, wh, product = factories.supplier(s), factories.warehouse(s), factories.product(s)
        order = orders.create_order(s, people["buyer"], {"supplier_id": supplier.id, "warehouse_id": wh.id, "lines": [
            {"product_id": product.id, "unit_id": product.base_unit_id, "qty": D(20), "unit_price": D("10.00")}]})
        orders.approve_order(s, people["buyer"], order.id)
        invoice_ids = []
        for number in ("A-1", "A-2"):
            receipt = receipts.make_goods_receipt(s, people["keeper"], order.id, {"lines": [
                {"origin_line_id": order.lines[0].id, "qty": D(10), "unit_id": product.base_unit_id}]})
            receipts.approve_goods_receipt(s, people["keeper"], receipt.id)
            invoice = invoices.make_supplier_invoice(s, people["finance"], {"receipt_ids": [receipt.id],
                                                                            "supplier_invoice_no": number})
            invoices.approve_supplier_invoice(s, people["finance"], invoice.id)
            invoice_ids.append(invoice.id)
        payment = payments.create_payment(s, people["finance"], {"supplier_id": supplier.id, "amount": D("150.00")})
        payments.approve_payment(s, people["finance"], payment.id)
        s.commit()
        return {k: u.id for k, u in people.items()}, payment.id, invoice_ids


def _race(sessions, user_ids, payment_id, invoice_ids):
    def allocating(invoice_id):
        return lambda s, actor: allocation.allocate_payment(s, actor, payment_id, {
            "lines": [{"invoice_id": invoice_id, "amount": D("100.00")}]})

    return race(sessions, [(uid, allocating(iid)) for uid, iid in zip(user_ids, invoice_ids, strict=True)])


def test_two_clerks_allocating_the_same_payment_at_once_exactly_one_wins(fresh_sessions):
    users, payment_id, invoice_ids = _setup(fresh_sessions)
    outcomes = _race(fresh_sessions, [users["finance"], users["finance2"]], payment_id, invoice_ids)
    assert outcomes == ["over_payment", "won"]
    with fresh_sessions() as s:
        assert s.scalar(select(func.count()).select_from(Allocation)) == 1
        assert allocation.payment_item(s, payment_id).amount_open == D("50.00")
        assert [(name, problems) for name, problems in run_checks(s) if problems] == []
