"""Factories for the finance tests: the people, a stocked product, and ``books`` — a helper
that makes approved sales invoices of a given amount on a given date (through the sales
chain's own services), receipts, and credit notes, with the right person for each step."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from erp import clock
from erp.sales.credit_notes import services as credit_notes
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import services as orders
from finance.receipts import services as receipts
from inventory.outbounds import services as outbound_services
from inventory.stock_ins import services as stock_ins
from tests import factories

TODAY = clock.today()
#: The opening stock is dated early, so that back-dated sales never issue stock before it arrived.
OPENING = dt.date(2024, 1, 1)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user("sales_clerk"),
        "manager": make_user("sales_manager"),
        "keeper": make_user("warehouse"),
        "finance": make_user("finance"),
        "admin": make_user("admin"),
    }


@pytest.fixture
def wh(make_warehouse):
    return make_warehouse(name="上海一号仓")


@pytest.fixture
def stocked(db, people, wh):
    """``stocked(qty=1000, **product fields)``: a product (not batch-tracked) with stock in ``wh``
    since :data:`OPENING`."""

    def make(qty=1000, unit_cost="5.00", **overrides):
        product = factories.product(db, **overrides)
        doc = stock_ins.create_stock_in(db, people["keeper"], {
            "warehouse_id": wh.id, "reason": "opening", "doc_date": OPENING,
            "lines": [{"product_id": product.id, "qty": D(str(qty)), "unit_cost": D(unit_cost)}]})
        stock_ins.approve_stock_in(db, people["keeper"], doc.id)
        return product

    return make


class Books:
    """Invoices, credit notes and receipts through the services."""

    def __init__(self, db, people, wh, product):
        self.db, self.people, self.wh, self.product = db, people, wh, product

    def invoice(self, customer, amount, on: dt.date = TODAY, *, approve=True):
        """An approved invoice of ``amount`` (one line at that price, VAT included) dated ``on``."""
        clerk = self.people["clerk"]
        order = orders.create_order(self.db, clerk, {
            "customer_id": customer.id, "warehouse_id": self.wh.id, "doc_date": on,
            "lines": [{"product_id": self.product.id, "qty": D(1), "unit_price": D(str(amount))}]})
        orders.approve_order(self.db, self.people["manager"], order.id)
        note = delivery.make_delivery_note(self.db, clerk, order.id, {"doc_date": on})
        delivery.approve_delivery_note(self.db, clerk, note.id)
        outbound = making_outbounds.make_outbound(self.db, self.people["keeper"], note.id, {"doc_date": on})
        outbound_services.approve_outbound(self.db, self.people["keeper"], outbound.id)
        invoice = invoices.make_invoice(self.db, clerk, {"outbound_ids": [outbound.id], "doc_date": on})
        if approve:
            invoices.approve_invoice(self.db, self.people["finance"], invoice.id)
        return invoice

    def credit(self, invoice, amount, on: dt.date = TODAY, *, approve=True):
        """A credit note (allowance) taking ``amount`` off the invoice's one line."""
        line = invoice.lines[0]
        doc = credit_notes.make_credit_note_from_invoice(self.db, self.people["clerk"], invoice.id, {
            "doc_date": on, "lines": [{"origin_line_id": line.id, "qty": line.qty, "unit_price": D(str(amount))}]})
        if approve:
            credit_notes.approve_credit_note(self.db, self.people["finance"], doc.id)
        return doc

    def receipt(self, customer, amount, on: dt.date = TODAY, *, method="bank_transfer", reference=None,
                approve=True):
        doc = receipts.create_receipt(self.db, self.people["finance"], {
            "customer_id": customer.id, "amount": D(str(amount)), "method": method, "doc_date": on,
            "reference": reference})
        if approve:
            receipts.approve_receipt(self.db, self.people["finance"], doc.id)
        return doc


@pytest.fixture
def books(db, people, wh, stocked):
    return Books(db, people, wh, stocked(100000))
