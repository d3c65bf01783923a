"""The purchaser's story, told once from order to return: order 100, receive 60 and then
40 in two batches with different expiries, send 5 back from the second batch, close the
order short. Stock, batches, the moving average and what is owed agree at every step."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.documents.base import DocState
from erp.errors import DownstreamExists
from inventory.batches.models import Batch
from inventory.stock.models import StockCost
from inventory.stock.queries import stock_level
from inventory.stock_ins import services as stock_ins
from purchasing.orders import services as orders
from purchasing.receipts import services as receipts
from tests.purchasing.conftest import days


@pytest.fixture
def cola(make_tracked):
    return make_tracked(name="可口可乐 500ml", vat_rate=D("0.13"))


def opening_stock(db, keeper, product, warehouse, qty, unit_cost, batch_no):
    doc = stock_ins.create_stock_in(db, keeper, {"warehouse_id": warehouse.id, "reason": "opening", "lines": [
        {"product_id": product.id, "qty": D(qty), "unit_cost": D(unit_cost), "batch_no": batch_no,
         "expiry_date": days(100)}]})
    stock_ins.approve_stock_in(db, keeper, doc.id)


def cost_of(db, product, warehouse) -> StockCost:
    cost = db.get(StockCost, (product.id, warehouse.id))
    db.refresh(cost)
    return cost


def batch(db, product, batch_no) -> Batch:
    from sqlalchemy import select

    return db.scalar(select(Batch).where(Batch.product_id == product.id, Batch.batch_no == batch_no))


def test_order_100_receive_60_and_40_in_two_batches_return_5_and_close_short(
        db, keeper, purchaser, wh, cola, make_order, receive, send_back):
    opening_stock(db, keeper, cola, wh, "10", "8.00", "OPEN-1")

    # 100 bottles at 11.30 with VAT: 10.00 a bottle net of VAT.
    order = make_order([(cola, 100, "11.30")])
    assert order.state == DocState.APPROVED and order.number.startswith("PO")
    assert (order.total_net, order.total_tax, order.total_gross) == (D("1000.00"), D("130.00"), D("1130.00"))
    line = order.lines[0]

    first = receive(order, [(line, 60, "L2401", days(200))])
    assert first.state == DocState.APPROVED and first.number.startswith("CGRK")
    assert first.lines[0].amount_net == D("600.00")
    assert line.qty_received == D(60) and order.receipt_status == "partly_received"
    cost = cost_of(db, cola, wh)
    assert (cost.qty, cost.value, cost.unit_cost) == (D(70), D("680.00"), D("9.714286"))

    # The second delivery comes at a new price: 12.43 with VAT, 11.00 net.
    second = receipts.make_goods_receipt(db, keeper, order.id, {"lines": [
        {"origin_line_id": line.id, "qty": D(40), "unit_id": cola.base_unit_id, "unit_price": D("12.43"),
         "batch_no": "L2402", "production_date": days(-10)}]})
    receipts.approve_goods_receipt(db, keeper, second.id)
    assert second.lines[0].expiry_date == days(355)  # production date + 365 days of shelf life
    assert (second.total_net, second.total_tax, second.total_gross) == (D("440.00"), D("57.20"), D("497.20"))
    assert line.qty_received == D(100) and order.receipt_status == "received"
    cost = cost_of(db, cola, wh)
    assert (cost.qty, cost.value, cost.unit_cost) == (D(110), D("1120.00"), D("10.181818"))

    l1, l2 = batch(db, cola, "L2401"), batch(db, cola, "L2402")
    assert (l1.expiry_date, l2.expiry_date) == (days(200), days(355))
    assert l1.supplier_id == order.supplier_id
    assert stock_level(db, cola.id, wh.id, l1.id).on_hand == D(60)
    assert stock_level(db, cola.id, wh.id, l2.id).on_hand == D(40)
    assert stock_level(db, cola.id, wh.id).on_hand == D(110)

    # 5 bottles of the second batch go back, at the cost they came in with.
    back = send_back(second, [(second.lines[0], 5)])
    assert back.state == DocState.APPROVED and back.number.startswith("CGTH")
    assert back.lines[0].batch_id == l2.id
    assert (back.total_net, back.total_tax, back.total_gross) == (D("55.00"), D("7.15"), D("62.15"))
    assert back.lines[0].cost_value == D("55.00")
    assert stock_level(db, cola.id, wh.id, l2.id).on_hand == D(35)
    cost = cost_of(db, cola, wh)
    assert (cost.qty, cost.value, cost.unit_cost) == (D(105), D("1065.00"), D("10.142857"))
    received = second.lines[0]
    assert (received.qty_returned, received.returned_net, received.returned_gross) == (D(5), D("55.00"), D("62.15"))
    assert received.amount_owed == D("435.05")
    assert line.qty_returned == D(5) and line.qty_open == D(5) and order.receipt_status == "partly_received"

    # The receipt cannot be unapproved while the return exists.
    with pytest.raises(DownstreamExists):
        receipts.unapprove_goods_receipt(db, keeper, second.id)

    # The supplier will not replace the 5 bottles: the order is closed short.
    orders.close_order(db, purchaser, order.id, "供应商缺货，不再补发")
    assert order.state == DocState.CLOSED and order.receipt_status == "closed"
    assert order.close_reason == "供应商缺货，不再补发"
