"""Goods receipts: made from what remains of an order, into its warehouse, with batches
and dates, within the over-receipt tolerance; approval posts the stock at the net
purchase cost; unapprove takes it out again while nothing follows."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp import clock
from erp.documents.base import DocState
from erp.errors import Conflict, Forbidden, PeriodClosed, ValidationFailed
from erp.settings.services import set_setting
from inventory.batches.models import Batch
from inventory.stock.models import StockCost, StockMove
from inventory.stock.queries import stock_level
from inventory.stock_outs import services as stock_outs
from purchasing.receipts import services as receipts
from purchasing.receipts.models import GoodsReceipt
from purchasing.settings import OVER_RECEIPT_TOLERANCE
from tests.purchasing.conftest import days, line


@pytest.fixture
def juice(make_tracked):
    return make_tracked(name="汇源橙汁 1L", shelf_life_days=180)


def receipts_in_db(db):
    return db.scalars(select(GoodsReceipt)).all()


def test_a_receipt_from_an_order_takes_all_that_remains_in_the_orders_unit(db, keeper, make_product, make_order):
    water = make_product(case_factor=24)
    order = make_order([{"product_id": water.id, "unit_id": water.case_packing.unit_id, "qty": D(5),
                         "unit_price": D("24.00")}])
    doc = receipts.make_goods_receipt(db, keeper, order.id, {})
    assert doc.state == DocState.DRAFT and doc.warehouse_id == order.warehouse_id
    only = doc.lines[0]
    assert (only.unit_id, only.qty, only.qty_base, only.unit_price) == (water.case_packing.unit_id, D(5), D(120),
                                                                          D("24.000000"))
    with pytest.raises(ValidationFailed):  # the drafts count: nothing more may be received
        receipts.make_goods_receipt(db, keeper, order.id, {"lines": [
            {"origin_line_id": order.lines[0].id, "qty": D(1)}]})


def test_receiving_twice_the_remainder_creates_nothing_twice(db, keeper, make_product, make_order, receive):
    order = make_order([line(make_product(), 10)])
    receive(order, approve=False)
    with pytest.raises(Conflict) as exc:
        receive(order, approve=False)
    assert exc.value.code == "nothing_remains"


def test_a_batch_tracked_line_needs_its_batch_and_expiry_before_approval(db, keeper, juice, make_order):
    order = make_order([line(juice, 12)])
    draft = receipts.make_goods_receipt(db, keeper, order.id, {})
    with pytest.raises(ValidationFailed) as exc:
        receipts.approve_goods_receipt(db, keeper, draft.id)
    assert exc.value.fields["lines"][0]["batch_no"]
    assert draft.state == DocState.DRAFT
    receipts.update_goods_receipt(db, keeper, draft.id, {"lines": [
        {"origin_line_id": order.lines[0].id, "qty": D(12), "batch_no": "J0601", "production_date": days(-5)}]})
    receipts.approve_goods_receipt(db, keeper, draft.id)
    batch = db.scalar(select(Batch).where(Batch.batch_no == "J0601"))
    assert batch.expiry_date == days(175) and batch.production_date == days(-5)


def test_a_batch_without_expiry_or_production_date_is_refused_and_nothing_written(db, keeper, juice, make_order):
    order = make_order([line(juice, 12)])
    with pytest.raises(ValidationFailed) as exc:
        receipts.make_goods_receipt(db, keeper, order.id, {"lines": [
            {"origin_line_id": order.lines[0].id, "qty": D(12), "batch_no": "J0602"}]})
    assert exc.value.fields["lines"][0]["expiry_date"]
    assert "J0602" in exc.value.render()
    assert receipts_in_db(db) == []


def test_a_batch_on_a_product_without_batches_is_refused(db, keeper, make_product, make_order):
    order = make_order([line(make_product(), 5)])
    with pytest.raises(ValidationFailed) as exc:
        receipts.make_goods_receipt(db, keeper, order.id, {"lines": [
            {"origin_line_id": order.lines[0].id, "qty": D(5), "batch_no": "X1", "expiry_date": days(30)}]})
    assert exc.value.fields["lines"][0]["batch_no"]


def test_the_expiry_must_not_come_before_the_production_date(db, keeper, juice, make_order):
    order = make_order([line(juice, 5)])
    with pytest.raises(ValidationFailed) as exc:
        receipts.make_goods_receipt(db, keeper, order.id, {"lines": [
            {"origin_line_id": order.lines[0].id, "qty": D(5), "batch_no": "J1", "production_date": days(-1),
             "expiry_date": days(-2)}]})
    assert exc.value.fields["lines"][0]["expiry_date"]


def test_over_receipt_within_the_tolerance_is_allowed_beyond_it_refused(db, keeper, make_product, make_order,
                                                                          receive):
    item = make_product(case_factor=None)
    order = make_order([line(item, 100)])
    with pytest.raises(ValidationFailed) as exc:
        receive(order, [(order.lines[0], 106)], approve=False)
    assert exc.value.fields["lines"][0]["qty"]
    assert "105" in exc.value.render()
    assert receipts_in_db(db) == []
    doc = receive(order, [(order.lines[0], 105)])
    assert doc.state == DocState.APPROVED and order.lines[0].qty_received == D(105)
    assert order.receipt_status == "received"


def test_the_tolerance_is_a_setting(db, keeper, make_product, make_order, receive):
    set_setting(db, None, OVER_RECEIPT_TOLERANCE, "0")
    order = make_order([line(make_product(case_factor=None), 100)])
    with pytest.raises(ValidationFailed):
        receive(order, [(order.lines[0], 101)], approve=False)


def test_approval_checks_the_tolerance_again(db, keeper, make_product, make_order, receive):
    order = make_order([line(make_product(case_factor=None), 100)])
    receive(order, [(order.lines[0], 100)])
    late = receive(order, [(order.lines[0], 5)], approve=False)  # within 5 % when entered
    set_setting(db, None, OVER_RECEIPT_TOLERANCE, "0")
    with pytest.raises(Conflict) as exc:
        receipts.approve_goods_receipt(db, keeper, late.id)
    assert exc.value.code == "over_receipt"
    assert late.state == DocState.DRAFT and order.lines[0].qty_received == D(100)


def test_another_suppliers_order_is_refused(db, keeper, make_product, make_order, make_supplier):
    order = make_order([line(make_product(), 5)])
    other = make_supplier()
    with pytest.raises(Conflict) as exc:
        receipts.create_goods_receipt(db, keeper, {"order_id": order.id, "supplier_id": other.id})
    assert exc.value.code == "other_supplier"
    assert receipts_in_db(db) == []


def test_a_draft_order_cannot_be_received(db, keeper, make_product, make_order):
    order = make_order([line(make_product(), 5)], approve=False)
    with pytest.raises(Conflict) as exc:
        receipts.make_goods_receipt(db, keeper, order.id, {})
    assert exc.value.code == "upstream_not_approved"


def test_another_warehouse_must_be_chosen_on_purpose_and_be_the_users(db, keeper, make_user, make_product,
                                                                      make_order, make_warehouse, wh):
    order = make_order([line(make_product(), 5)])
    north = make_warehouse(name="北仓")
    with pytest.raises(ValidationFailed) as exc:
        receipts.make_goods_receipt(db, keeper, order.id, {"warehouse_id": north.id})
    assert exc.value.fields["warehouse_id"]
    south_only = make_user("warehouse", warehouse_ids=[wh.id])
    with pytest.raises(Forbidden):
        receipts.make_goods_receipt(db, south_only, order.id, {"warehouse_id": north.id,
                                                               "confirm_other_warehouse": True})
    doc = receipts.make_goods_receipt(db, keeper, order.id, {"warehouse_id": north.id,
                                                             "confirm_other_warehouse": True})
    assert doc.warehouse_id == north.id and doc.warehouse_changed
    receipts.approve_goods_receipt(db, keeper, doc.id)
    assert stock_level(db, order.lines[0].product_id, north.id).on_hand == D(5)


def test_a_keeper_of_another_warehouse_cannot_receive_the_order(db, make_user, make_product, make_order,
                                                                make_warehouse):
    order = make_order([line(make_product(), 5)])
    elsewhere = make_user("warehouse", warehouse_ids=[make_warehouse().id])
    with pytest.raises(Forbidden):
        receipts.make_goods_receipt(db, elsewhere, order.id, {})


def test_a_receipt_dated_in_a_closed_period_is_refused(db, keeper, make_product, make_order):
    import datetime as dt

    from erp.periods.models import Period

    order = make_order([line(make_product(), 5)])
    last_month = clock.today().replace(day=1) - dt.timedelta(days=1)
    db.add(Period(month=last_month.strftime("%Y-%m"), closed=True))
    db.flush()
    db.info.pop("closed_months", None)
    with pytest.raises(PeriodClosed):
        receipts.make_goods_receipt(db, keeper, order.id, {"doc_date": last_month})


def test_a_product_deactivated_since_the_order_is_not_received(db, keeper, make_product, make_order):
    item = make_product()
    order = make_order([line(item, 5)])
    item.active = False
    db.flush()
    with pytest.raises(Conflict) as exc:
        receipts.make_goods_receipt(db, keeper, order.id, {})
    assert exc.value.code == "product_inactive"


def test_the_stock_comes_in_at_the_net_purchase_cost(db, keeper, wh, make_product, make_order, receive):
    item = make_product(vat_rate=D("0.13"), case_factor=None)
    order = make_order([line(item, 3, "10.00")])  # 30.00 with VAT: 26.55 net + 3.45 VAT
    doc = receive(order)
    move = db.scalar(select(StockMove).where(StockMove.source_type == "goods_receipt",
                                             StockMove.source_id == doc.id))
    assert (move.qty, move.value, move.unit_cost) == (D(3), D("26.55"), D("8.850000"))
    assert doc.lines[0].unit_cost == D("8.850000")


def test_unapprove_takes_the_goods_out_again_and_reopens_the_order(db, keeper, wh, make_product, make_order,
                                                                   receive):
    item = make_product(case_factor=None)
    order = make_order([line(item, 10, "11.30")])
    doc = receive(order)
    receipts.unapprove_goods_receipt(db, keeper, doc.id, "数量点错")
    assert doc.state == DocState.DRAFT
    assert stock_level(db, item.id, wh.id).on_hand == D(0)
    cost = db.get(StockCost, (item.id, wh.id))
    assert (cost.qty, cost.value) == (D(0), D("0.00"))
    assert order.lines[0].qty_received == D(0) and order.receipt_status == "approved"
    receipts.cancel_goods_receipt(db, keeper, doc.id, "作废")
    assert doc.state == DocState.CANCELLED
    assert receive(order, approve=False).lines[0].qty_base == D(10)


def test_unapprove_is_refused_once_the_goods_were_issued_since(db, keeper, wh, make_product, make_order, receive):
    item = make_product(case_factor=None)
    order = make_order([line(item, 10, "11.30")])
    doc = receive(order)
    out = stock_outs.create_stock_out(db, keeper, {"warehouse_id": wh.id, "reason": "other", "lines": [
        {"product_id": item.id, "qty": D(2)}]})
    stock_outs.approve_stock_out(db, keeper, out.id)
    with pytest.raises(Conflict) as exc:
        receipts.unapprove_goods_receipt(db, keeper, doc.id)
    assert exc.value.code == "issued_since"


def test_a_receipt_may_split_one_order_line_over_two_batches(db, keeper, wh, juice, make_order, receive):
    order = make_order([line(juice, 30)])
    doc = receive(order, [(order.lines[0], 10, "J-A", days(90)), (order.lines[0], 20, "J-B", days(120))])
    assert [ln.batch.batch_no for ln in doc.lines] == ["J-A", "J-B"]
    assert order.lines[0].qty_received == D(30)
    assert stock_level(db, juice.id, wh.id, doc.lines[1].batch_id).on_hand == D(20)


def test_an_existing_batch_number_must_keep_its_dates(db, keeper, juice, make_order, receive):
    order = make_order([line(juice, 30)])
    receive(order, [(order.lines[0], 10, "J-C", days(90))])
    with pytest.raises(ValidationFailed) as exc:
        receive(order, [(order.lines[0], 10, "J-C", days(95))], approve=False)
    assert exc.value.fields["lines"][0]["expiry_date"]
    again = receive(order, [(order.lines[0], 10, "J-C", days(90))])
    assert again.lines[0].batch_id == db.scalar(select(Batch.id).where(Batch.batch_no == "J-C"))
