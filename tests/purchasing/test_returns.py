"""Purchase returns: against received lines, out of the chosen batch, never more than
received minus returned; approval issues the goods at the cost they came in with and
lowers what is owed on the receipt; unapprove puts everything back."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.documents.base import DocState
from erp.errors import Conflict, InsufficientStock, ValidationFailed
from inventory.stock.models import StockCost
from inventory.stock.queries import stock_level
from inventory.stock_outs import services as stock_outs
from purchasing.returns import services as returns
from purchasing.returns.models import PurchaseReturn
from tests.purchasing.conftest import days, line


@pytest.fixture
def milk(make_tracked):
    return make_tracked(name="光明纯牛奶 250ml", shelf_life_days=30)


@pytest.fixture
def received(make_order, receive, milk):
    """An order of 20 bottles of milk received in two batches, 12 and 8."""
    order = make_order([line(milk, 20, "5.65")])
    receipt = receive(order, [(order.lines[0], 12, "M-1", days(20)), (order.lines[0], 8, "M-2", days(25))])
    return order, receipt


def test_returning_more_than_received_minus_returned_is_refused(db, keeper, received, send_back):
    _order, receipt = received
    first = receipt.lines[0]
    send_back(receipt, [(first, 10)])
    with pytest.raises(ValidationFailed) as exc:
        send_back(receipt, [(first, 3)], approve=False)
    assert exc.value.fields["lines"][0]["qty"]
    assert "2" in exc.value.render()
    assert len(db.scalars(select(PurchaseReturn)).all()) == 1
    send_back(receipt, [(first, 2)])
    assert first.qty_returned == D(12) and first.qty_kept == D(0)


def test_drafts_of_other_returns_count_against_what_is_left(db, keeper, received, send_back):
    _order, receipt = received
    send_back(receipt, [(receipt.lines[1], 8)], approve=False)
    with pytest.raises(ValidationFailed):
        send_back(receipt, [(receipt.lines[1], 1)], approve=False)


def test_goods_may_leave_from_another_batch_of_the_product(db, keeper, wh, milk, received, send_back):
    _order, receipt = received
    other = receipt.lines[1].batch_id
    doc = send_back(receipt, [(receipt.lines[0], 3, other)])
    assert doc.lines[0].batch_id == other
    assert stock_level(db, milk.id, wh.id, other).on_hand == D(5)
    assert stock_level(db, milk.id, wh.id, receipt.lines[0].batch_id).on_hand == D(12)


def test_a_batch_of_another_product_is_refused(db, keeper, received, make_tracked, make_order, receive, send_back):
    _order, receipt = received
    cheese = make_tracked()
    other_order = make_order([line(cheese, 1)])
    other_receipt = receive(other_order, [(other_order.lines[0], 1, "C-1", days(60))])
    with pytest.raises(ValidationFailed) as exc:
        send_back(receipt, [(receipt.lines[0], 1, other_receipt.lines[0].batch_id)], approve=False)
    assert exc.value.fields["lines"][0]["batch_id"]


def test_a_return_of_everything_left_gives_back_exactly_the_amounts_received(db, keeper, make_product, make_order,
                                                                             receive, send_back):
    item = make_product(case_factor=None)
    order = make_order([line(item, 3, "0.335")])  # 1.01 for three, 0.34 for one
    receipt = receive(order)
    send_back(receipt, [(receipt.lines[0], 1)])
    send_back(receipt, [(receipt.lines[0], 1)])
    last = send_back(receipt)  # all that is left
    assert last.lines[0].qty_base == D(1)
    assert last.total_gross == D("0.33")
    ln = receipt.lines[0]
    assert (ln.returned_gross, ln.returned_net + ln.returned_tax) == (ln.amount_gross, ln.amount_gross)
    assert ln.amount_owed == D("0.00")


def test_a_return_issues_at_the_receipt_cost_not_the_average(db, keeper, wh, make_product, make_order, receive,
                                                             send_back):
    item = make_product(case_factor=None, vat_rate=D("0"))
    first = receive(make_order([line(item, 10, "10.00")]))
    receive(make_order([line(item, 10, "20.00")]))
    cost = db.get(StockCost, (item.id, wh.id))
    assert cost.unit_cost == D("15.000000")
    back = send_back(first, [(first.lines[0], 4)])
    assert back.lines[0].cost_value == D("40.00")
    db.refresh(cost)
    assert (cost.qty, cost.value, cost.unit_cost) == (D(16), D("260.00"), D("16.250000"))


def test_unapprove_brings_the_goods_back_and_what_is_owed_up_again(db, keeper, wh, milk, received, send_back):
    order, receipt = received
    doc = send_back(receipt, [(receipt.lines[1], 5)])
    returns.unapprove_purchase_return(db, keeper, doc.id, "退错了")
    assert doc.state == DocState.DRAFT and doc.lines[0].cost_value is None
    assert stock_level(db, milk.id, wh.id, receipt.lines[1].batch_id).on_hand == D(8)
    ln = receipt.lines[1]
    assert (ln.qty_returned, ln.returned_gross) == (D(0), D("0.00"))
    assert order.lines[0].qty_returned == D(0)
    cost = db.get(StockCost, (milk.id, wh.id))
    db.refresh(cost)
    assert (cost.qty, cost.value) == (D(20), D("100.00"))


def test_goods_no_longer_in_stock_cannot_be_returned(db, keeper, wh, milk, received, send_back):
    _order, receipt = received
    out = stock_outs.create_stock_out(db, keeper, {"warehouse_id": wh.id, "reason": "other", "lines": [
        {"product_id": milk.id, "qty": D(8), "batch_id": receipt.lines[1].batch_id}]})
    stock_outs.approve_stock_out(db, keeper, out.id)
    draft = send_back(receipt, [(receipt.lines[1], 1)], approve=False)
    with pytest.raises(InsufficientStock):
        returns.approve_purchase_return(db, keeper, draft.id)


def test_a_draft_receipt_cannot_be_returned(db, keeper, milk, make_order, receive, send_back):
    order = make_order([line(milk, 5)])
    draft = receive(order, [(order.lines[0], 5, "M-9", days(10))], approve=False)
    with pytest.raises(Conflict) as exc:
        send_back(draft, approve=False)
    assert exc.value.code == "upstream_not_approved"


def test_another_suppliers_receipt_is_refused(db, keeper, received, make_supplier):
    _order, receipt = received
    with pytest.raises(Conflict) as exc:
        returns.create_purchase_return(db, keeper, {"receipt_id": receipt.id, "supplier_id": make_supplier().id})
    assert exc.value.code == "other_supplier"


def test_a_return_reopens_the_order_line(db, keeper, received, send_back):
    order, receipt = received
    assert order.receipt_status == "received"
    send_back(receipt, [(receipt.lines[0], 2)])
    assert order.lines[0].qty_open == D(2) and order.receipt_status == "partly_received"
