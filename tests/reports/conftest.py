"""Factories for the sales report tests: the people of a distributor, a warehouse with
stock at known costs, customers in categories with their salespeople, and ``chain`` — a
helper that sells through the sales chain's own services (order → delivery note →
outbound → invoice, returns, credit notes) with every document dated as asked.

Prices are entered without VAT (13 %), so that amounts are easy to work out by hand:
a case of 24 at 240.00 is 240.00 net, 31.20 VAT, 271.20 gross.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.customers.models import CustomerCategory
from erp.products.models import ProductCategory
from erp.sales.credit_notes import services as credit_notes
from erp.sales.delivery import outbounds as making_outbounds
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import services as orders
from erp.sales.returns import services as returns
from inventory.outbounds import services as outbound_services
from inventory.stock_ins import services as stock_ins
from tests import factories

#: Opening stock arrives before every sale of the tests.
OPENING = dt.date(2024, 1, 1)


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user("sales_clerk"),
        "manager": make_user("sales_manager"),
        "keeper": make_user("warehouse"),
        "finance": make_user("finance"),
        "admin": make_user("admin"),
        "rep1": make_user("sales_clerk", display_name="业务员甲"),
        "rep2": make_user("sales_clerk", display_name="业务员乙"),
    }


@pytest.fixture
def wh(make_warehouse):
    return make_warehouse(name="上海一号仓")


@pytest.fixture
def category(db):
    """``category(CustomerCategory | ProductCategory, code, name)``: a category of a tree."""

    def make(model, code: str, name: str):
        parent = None
        if len(code) > 2:
            parent = db.scalar(select(model).where(model.code == code[:-2]))
        obj = model(code=code, name=name, level=len(code) // 2, parent_id=parent.id if parent else None)
        db.add(obj)
        db.flush()
        return obj

    return make


@pytest.fixture
def stocked(db, people, wh):
    """``stocked(qty, unit_cost, **product fields)``: a product with opening stock in ``wh``
    at a known cost, so that every issue goes out at exactly that cost."""

    def make(qty, unit_cost, **overrides):
        product = factories.product(db, **overrides)
        doc = stock_ins.create_stock_in(db, people["keeper"], {
            "warehouse_id": wh.id, "reason": "opening", "doc_date": OPENING,
            "lines": [{"product_id": product.id, "qty": D(str(qty)), "unit_cost": D(str(unit_cost))}]})
        stock_ins.approve_stock_in(db, people["keeper"], doc.id)
        return product

    return make


def sales_unit(product) -> int:
    """Products with a case are sold by the case here, the others by the piece."""
    case = product.case_packing
    return case.unit_id if case is not None else product.base_unit_id


class Chain:
    """Selling through the services, each step by the right person, dated ``on``."""

    def __init__(self, db, people, wh):
        self.db, self.people, self.wh = db, people, wh

    def ship(self, customer, lines, on: dt.date):
        """An approved order, delivery note and outbound of ``lines`` ``[(product, qty,
        unit_price)]`` (cases when the product has them, price without VAT); returns the outbound."""
        clerk = self.people["clerk"]
        order = orders.create_order(self.db, clerk, {
            "customer_id": customer.id, "warehouse_id": self.wh.id, "doc_date": on, "price_includes_vat": False,
            "lines": [{"product_id": p.id, "qty": D(str(q)), "unit_price": D(str(price)), "unit_id": sales_unit(p)}
                      for p, q, price in lines]})
        orders.approve_order(self.db, self.people["manager"], order.id)
        note = delivery.make_delivery_note(self.db, clerk, order.id, {"doc_date": on})
        delivery.approve_delivery_note(self.db, clerk, note.id)
        outbound = making_outbounds.make_outbound(self.db, self.people["keeper"], note.id, {"doc_date": on})
        outbound_services.approve_outbound(self.db, self.people["keeper"], outbound.id)
        return outbound

    def invoice(self, outbound, on: dt.date, lines=None, *, approve=True):
        doc = invoices.make_invoice(self.db, self.people["clerk"], {
            "outbound_ids": [outbound.id], "doc_date": on, "lines": lines})
        if approve:
            invoices.approve_invoice(self.db, self.people["finance"], doc.id)
        return doc

    def sell(self, customer, lines, on: dt.date, *, approve=True):
        """Ship and invoice everything on the same day; returns the invoice."""
        return self.invoice(self.ship(customer, lines, on), on, approve=approve)

    def give_back(self, outbound, lines, on: dt.date, *, credit_on: dt.date | None = None):
        """Goods returned on ``on`` (``lines`` ``[{origin_line_id, qty}]``), credited on
        ``credit_on``; returns the approved credit note."""
        ret = returns.make_return(self.db, self.people["clerk"], outbound.id, {"lines": lines, "doc_date": on})
        returns.approve_return(self.db, self.people["keeper"], ret.id)
        notes = credit_notes.make_credit_notes_from_return(self.db, self.people["clerk"], ret.id,
                                                           {"doc_date": credit_on or on})
        for note in notes:
            credit_notes.approve_credit_note(self.db, self.people["finance"], note.id)
        return notes[0]

    def allowance(self, invoice, per_unit, on: dt.date):
        """An approved credit note taking ``per_unit`` off the price of the invoice's first line."""
        line = invoice.lines[0]
        note = credit_notes.make_credit_note_from_invoice(self.db, self.people["clerk"], invoice.id, {
            "doc_date": on, "lines": [{"origin_line_id": line.id, "qty": line.qty, "unit_price": D(str(per_unit))}]})
        credit_notes.approve_credit_note(self.db, self.people["finance"], note.id)
        return note


@pytest.fixture
def chain(db, people, wh):
    return Chain(db, people, wh)


@pytest.fixture
def books(db, people, wh, chain, stocked, category, make_customer):
    """The hand-made year of the tests (2025), every figure worked out in
    ``test_sales_reports.py``:

    * 饮料 A: a case of 24 bottles at 240.00, cost 6.00 a bottle (144.00 a case);
      食品 B: by the piece (no case) at 4.00, cost 2.50;
    * 张记餐厅 (餐饮, 业务员甲), 华联超市 (超市, 业务员乙), 李家小馆 (餐饮, no salesperson);
    * March: 张记 2 cases of A (I1); 华联 100 B (I2);
    * April: 李家 2 cases of A and 10 B (I3); 张记 returns 1 case of A from I1, credited
      15 April; an allowance of 0.50 a piece on I2's 100 B, 20 April;
    * May: 华联 3 cases of A shipped, 1 case invoiced (a part of the outbound line), the
      other 2 on a draft invoice (which does not count).
    """
    drinks = category(ProductCategory, "01", "饮料")
    food = category(ProductCategory, "02", "食品")
    a = stocked(1000, "6.00", name="饮料A", category=drinks)
    b = stocked(500, "2.50", name="食品B", category=food, case_factor=None)
    dining = category(CustomerCategory, "01", "餐饮")
    shops = category(CustomerCategory, "02", "超市")
    zhang = make_customer(name="张记餐厅", category=dining, salesperson_id=people["rep1"].id)
    hualian = make_customer(name="华联超市", category=shops, salesperson_id=people["rep2"].id)
    li = make_customer(name="李家小馆", category=dining)

    i1 = chain.sell(zhang, [(a, 2, "240.00")], dt.date(2025, 3, 10))
    i2 = chain.sell(hualian, [(b, 100, "4.00")], dt.date(2025, 3, 20))
    i3 = chain.sell(li, [(a, 2, "240.00"), (b, 10, "4.00")], dt.date(2025, 4, 5))
    outbound_i1 = i1.lines[0].origin.document
    returned = chain.give_back(outbound_i1, [{"origin_line_id": outbound_i1.lines[0].id, "qty": D(1)}],
                               dt.date(2025, 4, 12), credit_on=dt.date(2025, 4, 15))
    allowance = chain.allowance(i2, "0.50", dt.date(2025, 4, 20))
    may = chain.ship(hualian, [(a, 3, "240.00")], dt.date(2025, 5, 8))
    i4 = chain.invoice(may, dt.date(2025, 5, 10), [{"origin_line_id": may.lines[0].id, "qty": D(1)}])
    draft = chain.invoice(may, dt.date(2025, 5, 12), approve=False)
    return {"a": a, "b": b, "drinks": drinks, "food": food, "dining": dining, "shops": shops, "zhang": zhang,
            "hualian": hualian, "li": li, "invoices": [i1, i2, i3, i4], "draft": draft, "returned": returned,
            "allowance": allowance, "may_outbound": may}
