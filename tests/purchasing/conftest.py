"""Factories for the purchasing tests: a purchaser and a supplier (the warehouse staff, a
warehouse and batch-tracked products are :mod:`tests.stock_fixtures`), and purchase orders,
goods receipts and returns made through the services."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from purchasing.orders import services as orders
from purchasing.receipts import services as receipts
from purchasing.returns import services as returns
from tests.stock_fixtures import TODAY, days  # noqa: F401  (the tests import them from here)


@pytest.fixture
def purchaser(make_user):
    """A purchaser (采购员)."""
    return make_user("purchaser")


@pytest.fixture
def supplier(make_supplier):
    return make_supplier(name="上海饮料批发有限公司")


def line(product, qty, price="11.30", **extra) -> dict:
    out = {"product_id": product.id, "qty": D(str(qty)), "unit_price": D(str(price))}
    if product.base_unit_id and "unit_id" not in extra:
        out["unit_id"] = product.base_unit_id
    out.update(extra)
    return out


@pytest.fixture
def make_order(db, purchaser, supplier, wh):
    """``make_order(lines, approve=True, **header)``: a purchase order, approved by default.
    ``lines`` are dicts or ``(product, qty[, price])`` tuples (quantities in the base unit)."""

    def make(lines, *, approve=True, actor=None, **header):
        items = [item if isinstance(item, dict) else line(*item) for item in lines]
        data = {"supplier_id": supplier.id, "warehouse_id": wh.id, "lines": items, **header}
        doc = orders.create_order(db, actor or purchaser, data)
        if approve:
            orders.approve_order(db, actor or purchaser, doc.id)
        return doc

    return make


@pytest.fixture
def receive(db, keeper):
    """``receive(order, [(order_line, qty, batch_no, expiry)…] or None, approve=True, **header)``."""

    def do(order, parts=None, *, approve=True, actor=None, **header):
        lines = None
        if parts:
            lines = []
            for part in parts:
                origin, qty, *batch = part
                item = {"origin_line_id": origin.id, "qty": D(str(qty)), "unit_id": origin.product.base_unit_id}
                if batch:
                    item["batch_no"] = batch[0]
                    if len(batch) > 1:
                        item["expiry_date"] = batch[1]
                lines.append(item)
        doc = receipts.make_goods_receipt(db, actor or keeper, order.id, {"lines": lines, **header})
        if approve:
            receipts.approve_goods_receipt(db, actor or keeper, doc.id)
        return doc

    return do


@pytest.fixture
def send_back(db, keeper):
    """``send_back(receipt, [(receipt_line, qty[, batch_id])…] or None, approve=True)``: a purchase return."""

    def do(receipt, parts=None, *, approve=True, actor=None, **header):
        lines = None
        if parts:
            lines = []
            for part in parts:
                origin, qty, *batch = part
                item = {"origin_line_id": origin.id, "qty": D(str(qty)), "unit_id": origin.product.base_unit_id}
                if batch:
                    item["batch_id"] = batch[0]
                lines.append(item)
        doc = returns.make_purchase_return(db, actor or keeper, receipt.id, {"lines": lines, **header})
        if approve:
            returns.approve_purchase_return(db, actor or keeper, doc.id)
        return doc

    return do


# Supplier invoices, payments and payables (finance's people and documents).
from tests.purchasing.books import accountant, allocate, bill, cola, pay, water  # noqa: E402, F401
