"""A story for the report tests: two months of a shop's life in two warehouses, with
every kind of move — receipts, a purchase, sales, a sale undone, a transfer, a scrap and
a stocktake. The report tests assert the figures that follow from it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from erp import clock
from erp.products.models import ProductCategory
from inventory.outbounds import services as outbounds
from inventory.scraps import services as scraps
from inventory.stock.ledger import StockSource, receive_stock
from inventory.stocktakes import counting
from inventory.stocktakes import services as stocktakes
from inventory.transfers import services as transfers

TODAY = clock.today()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)
LAST_MONTH_END = THIS_MONTH - dt.timedelta(days=1)


def on(day: int) -> dt.date:
    return LAST_MONTH + dt.timedelta(days=day)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def outbound(db, actor, warehouse, product, qty, doc_date):
    doc = outbounds.create_outbound(db, actor, {"warehouse_id": warehouse.id, "doc_date": doc_date,
                                                "lines": [{"product_id": product.id, "qty": D(qty)}]})
    return outbounds.approve_outbound(db, actor, doc.id)


@pytest.fixture
def story(db, keeper, manager, make_warehouse, make_product, make_tracked, receive, batch_of):
    """Two months of a shop's life in 上海仓 (A) and 苏州仓 (B); the numbers in the tests follow from it."""
    a, b = make_warehouse(name="上海仓"), make_warehouse(name="苏州仓")
    drinks = ProductCategory(code="91", name="饮料", level=1)
    db.add(drinks)
    water = make_product(name="矿泉水", category=drinks, reorder_point=D(150), max_stock=D(300))
    milk = make_tracked(name="纯牛奶", reorder_point=D(10))
    yoghurt = make_tracked(name="酸奶")
    # last month
    receive(water, a, 100, "0.80", doc_date=on(0))
    m1 = batch_of(receive(milk, a, 20, "3.00", batch_no="M-1", expiry_date=days(10), doc_date=on(0)))
    m2 = batch_of(receive(milk, a, 10, "4.00", batch_no="M-2", expiry_date=days(200), doc_date=on(0)))
    outbound(db, keeper, a, water, 30, on(4))
    move = transfers.create_transfer(db, keeper, {"from_warehouse_id": a.id, "to_warehouse_id": b.id,
                                                  "doc_date": on(9), "lines": [{"product_id": water.id, "qty": D(20)}]})
    transfers.approve_transfer(db, keeper, move.id)
    transfers.receive_transfer(db, keeper, move.id, on(11))
    # this month
    receive_stock(db, keeper, product_id=water.id, warehouse_id=a.id, qty=D(50), unit_cost=D("1.00"),
                  source=StockSource("goods_receipt", 1, 1, "CG0001"), posting_date=THIS_MONTH)
    outbound(db, keeper, a, milk, 5, THIS_MONTH)  # FEFO: from M-1
    undone = outbound(db, keeper, a, water, 10, THIS_MONTH)
    outbounds.unapprove_outbound(db, keeper, undone.id, "wrong customer")
    scrap = scraps.create_scrap(db, keeper, {"warehouse_id": a.id, "reason": "damaged", "doc_date": THIS_MONTH,
                                             "lines": [{"product_id": milk.id, "qty": D(2), "batch_id": m2.id}]})
    scraps.approve_scrap(db, manager, scrap.id)
    count = stocktakes.open_stocktake(db, keeper, {"warehouse_id": a.id, "category_id": drinks.id,
                                                   "doc_date": THIS_MONTH})
    counting.record_counts(db, keeper, count.id, [{"product_id": water.id, "qty": D(99)}])
    stocktakes.approve_stocktake(db, manager, count.id)
    receive(yoghurt, b, 4, "2.00", batch_no="Y-0", expiry_date=days(-3), doc_date=THIS_MONTH)
    return {"a": a, "b": b, "water": water, "milk": milk, "yoghurt": yoghurt, "m1": m1, "m2": m2}
