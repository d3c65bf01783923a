"""Factories for the sales tests: the people of a distributor, a warehouse with batch-
tracked stock received through a real opening stock-in, and ``sales`` — a helper that
walks the chain through the services (quote → order → delivery note → outbound →
invoice, returns, credit notes) with sensible defaults."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from erp import clock
from erp.sales.credit_notes import services as credit_notes
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import making
from erp.sales.orders import services as orders
from erp.sales.quotes import services as quotes
from erp.sales.returns import services as returns
from inventory.batches.models import Batch
from inventory.outbounds import services as outbound_services
from inventory.stock.models import StockBalance
from inventory.stock_ins import services as stock_ins
from tests import factories

TODAY = clock.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user("sales_clerk"),
        "manager": make_user("sales_manager"),
        "keeper": make_user("warehouse"),
        "finance": make_user("finance"),
    }


@pytest.fixture
def wh(make_warehouse):
    return make_warehouse(name="上海一号仓")


@pytest.fixture
def make_tracked(db):
    """A batch-tracked product (瓶, case of 24) with a one-year shelf life."""

    def make(**overrides):
        overrides.setdefault("shelf_life_days", 365)
        return factories.product(db, batch_tracked=True, **overrides)

    return make


@pytest.fixture
def receive(db, people):
    """``receive(product, warehouse, qty, unit_cost, batch_no=…, expiry_date=…)``: an approved
    opening stock-in of one line; returns the batch (None for untracked products)."""

    def do(product, warehouse, qty, unit_cost="5.00", *, batch_no=None, expiry_date=None):
        line = {"product_id": product.id, "qty": D(str(qty)), "unit_cost": D(str(unit_cost))}
        if product.batch_tracked:
            line.update(batch_no=batch_no or f"L{factories.n():05d}", expiry_date=expiry_date or days(300))
        doc = stock_ins.create_stock_in(db, people["keeper"], {"warehouse_id": warehouse.id, "reason": "opening",
                                                               "lines": [line]})
        stock_ins.approve_stock_in(db, people["keeper"], doc.id)
        return db.get(Batch, doc.lines[0].batch_id) if doc.lines[0].batch_id else None

    return do


@pytest.fixture
def stock_of(db):
    """``stock_of(product, warehouse, batch=None)`` → (on_hand, reserved) in the base unit."""

    def get(product, warehouse, batch=None):
        from sqlalchemy import select

        stmt = select(StockBalance).where(StockBalance.product_id == product.id,
                                          StockBalance.warehouse_id == warehouse.id)
        if batch is not None:
            stmt = stmt.where(StockBalance.batch_id == batch.id)
        rows = list(db.scalars(stmt.execution_options(populate_existing=True)))
        return (sum((r.on_hand for r in rows), D(0)), sum((r.reserved for r in rows), D(0)))

    return get


class Sales:
    """The chain through the services, with the right person for each step."""

    def __init__(self, db, people, wh):
        self.db, self.people, self.wh = db, people, wh

    def quote(self, customer, lines, **extra):
        doc = quotes.create_quote(self.db, self.people["clerk"], {"customer_id": customer.id, "lines": lines, **extra})
        return doc

    def order(self, customer, lines, *, approve=True, **extra):
        doc = orders.create_order(self.db, self.people["clerk"], {"customer_id": customer.id,
                                                                  "warehouse_id": self.wh.id, "lines": lines, **extra})
        if approve:
            orders.approve_order(self.db, self.people["manager"], doc.id)
        return doc

    def order_from_quote(self, quote, lines=None, **extra):
        return making.make_order_from_quote(self.db, self.people["clerk"], quote.id,
                                            {"warehouse_id": self.wh.id, "lines": lines, **extra})

    def deliver(self, order, lines=None, *, approve=True):
        doc = delivery.make_delivery_note(self.db, self.people["clerk"], order.id, {"lines": lines})
        if approve:
            delivery.approve_delivery_note(self.db, self.people["clerk"], doc.id)
        return doc

    def ship(self, note, lines=None, *, approve=True):
        doc = making_outbounds.make_outbound(self.db, self.people["keeper"], note.id, {"lines": lines})
        if approve:
            outbound_services.approve_outbound(self.db, self.people["keeper"], doc.id)
        return doc

    def invoice(self, outbounds, lines=None, *, approve=True, **extra):
        doc = invoices.make_invoice(self.db, self.people["clerk"], {"outbound_ids": [o.id for o in outbounds],
                                                                    "lines": lines, **extra})
        if approve:
            invoices.approve_invoice(self.db, self.people["finance"], doc.id)
        return doc

    def give_back(self, outbound, lines, *, approve=True, **extra):
        doc = returns.make_return(self.db, self.people["clerk"], outbound.id, {"lines": lines, **extra})
        if approve:
            returns.approve_return(self.db, self.people["keeper"], doc.id)
        return doc

    def credit(self, sales_return, *, approve=True):
        docs = credit_notes.make_credit_notes_from_return(self.db, self.people["clerk"], sales_return.id, {})
        if approve:
            for doc in docs:
                credit_notes.approve_credit_note(self.db, self.people["finance"], doc.id)
        return docs

    def full_chain(self, customer, lines):
        order = self.order(customer, lines)
        note = self.deliver(order)
        outbound = self.ship(note)
        return order, note, outbound, self.invoice([outbound])


@pytest.fixture
def sales(db, people, wh):
    return Sales(db, people, wh)


@pytest.fixture
def stocked(make_tracked, receive, wh):
    """A batch-tracked product (list price 10.00 a bottle, 24 a case) with 240 bottles in stock."""

    def make(qty=240, **overrides):
        product = make_tracked(**overrides)
        receive(product, wh, qty)
        return product

    return make


def line(product, qty, unit=None, **extra):
    """An entered order line: ``qty`` pieces, or cases with ``unit="case"``."""
    data = {"product_id": product.id, "qty": D(str(qty)), **extra}
    if unit == "case":
        data["unit_id"] = product.case_packing.unit_id
    return data
