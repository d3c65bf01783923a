"""Other stock-in (其他入库单), with opening balances (期初) in batches."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from erp.documents.base import DocState
from erp.errors import InsufficientStock, ValidationFailed
from inventory.batches.models import Batch
from inventory.stock.queries import stock_level
from inventory.stock_ins import services as stock_ins
from inventory.stock_outs import services as stock_outs
from tests.inventory.conftest import TODAY, days


def opening(db, actor, warehouse, *lines, **header):
    return stock_ins.create_stock_in(db, actor, {"warehouse_id": warehouse.id, "reason": "opening",
                                                 "lines": list(lines), **header})


def test_opening_stock_in_two_new_batches_makes_the_batches_at_approval(db, wh, make_tracked, keeper,
                                                                        make_supplier):
    juice = make_tracked(name="橙汁1L", shelf_life_days=180)
    farm = make_supplier()
    doc = opening(db, keeper, wh,
                  {"product_id": juice.id, "qty": D(2), "unit_id": juice.packings[0].unit_id,
                   "unit_cost": D("96.00"), "batch_no": "J-01", "production_date": TODAY - dt.timedelta(days=30)},
                  {"product_id": juice.id, "qty": D(12), "unit_cost": D("4.10"), "batch_no": "J-02",
                   "expiry_date": days(170)},
                  supplier_id=farm.id)
    assert doc.lines[0].expiry_date == days(150)  # production date + shelf life
    assert doc.lines[0].qty_base == D(48) and doc.lines[0].amount == D("192.00")
    assert doc.total_amount == D("241.20")
    assert db.scalar(select(func.count(Batch.id)).where(Batch.product_id == juice.id)) == 0

    stock_ins.approve_stock_in(db, keeper, doc.id)
    batches = {b.batch_no: b for b in db.scalars(select(Batch).where(Batch.product_id == juice.id))}
    assert set(batches) == {"J-01", "J-02"} and batches["J-01"].supplier_id == farm.id
    assert doc.lines[0].batch_id == batches["J-01"].id
    assert stock_level(db, juice.id, wh.id, batches["J-01"].id).on_hand == D(48)
    assert stock_level(db, juice.id, wh.id).on_hand == D(60)


def test_an_existing_batch_number_is_reused_when_its_dates_agree(db, wh, make_tracked, make_batch, keeper):
    juice = make_tracked()
    batch = make_batch(juice, "J-9", expiry_date=days(30))
    doc = opening(db, keeper, wh, {"product_id": juice.id, "qty": D(1), "unit_cost": D(1), "batch_no": "J-9"})
    assert doc.lines[0].batch_id == batch.id
    with pytest.raises(ValidationFailed) as refused:
        opening(db, keeper, wh, {"product_id": juice.id, "qty": D(1), "unit_cost": D(1), "batch_no": "J-9",
                                 "expiry_date": days(31)})
    assert refused.value.fields == {"lines": {0: {"expiry_date": ["The batch exists with other dates."]}}}


@pytest.mark.parametrize("line, field", [
    ({"qty": D(1), "unit_cost": D(1)}, "batch_no"),  # tracked without a batch
    ({"qty": D(1), "unit_cost": D(1), "batch_no": "X"}, "expiry_date"),  # shelf life but no dates
    ({"qty": D(1), "unit_cost": D(-1), "batch_no": "X", "expiry_date": days(9)}, "unit_cost"),
    ({"qty": D(0), "unit_cost": D(1), "batch_no": "X", "expiry_date": days(9)}, "qty"),
    ({"qty": D(1), "unit_cost": D(1), "batch_no": "X", "production_date": days(9), "expiry_date": days(1)},
     "expiry_date"),
])
def test_bad_stock_in_lines_are_refused(db, wh, make_tracked, keeper, line, field):
    juice = make_tracked()
    with pytest.raises(ValidationFailed) as refused:
        opening(db, keeper, wh, {"product_id": juice.id, **line})
    assert field in refused.value.fields["lines"][0]


def test_a_product_without_batches_takes_no_batch(db, wh, make_product, keeper):
    with pytest.raises(ValidationFailed) as refused:
        opening(db, keeper, wh, {"product_id": make_product().id, "qty": D(1), "unit_cost": D(1), "batch_no": "X"})
    assert refused.value.fields == {"lines": {0: {"batch_id": [
        "This product is not batch-tracked: leave the batch empty."]}}}


def test_unapprove_takes_the_goods_out_again(db, wh, make_product, keeper):
    rice = make_product()
    doc = opening(db, keeper, wh, {"product_id": rice.id, "qty": D(5), "unit_cost": D("2.00")})
    stock_ins.approve_stock_in(db, keeper, doc.id)
    stock_ins.unapprove_stock_in(db, keeper, doc.id)
    assert doc.state == DocState.DRAFT and stock_level(db, rice.id, wh.id).on_hand == D(0)


def test_unapprove_is_refused_when_the_goods_are_no_longer_there(db, make_warehouse, make_product, keeper):
    wh = make_warehouse()
    rice = make_product()
    doc = opening(db, keeper, wh, {"product_id": rice.id, "qty": D(5), "unit_cost": D("2.00")})
    stock_ins.approve_stock_in(db, keeper, doc.id)
    from inventory.stock.ledger import StockSource
    from inventory.stock.reservations import reserve

    reserve(db, keeper, product_id=rice.id, warehouse_id=wh.id, qty=D(3), source=StockSource("delivery_note", 1, 1))
    with pytest.raises(InsufficientStock, match="2 available"):
        stock_ins.unapprove_stock_in(db, keeper, doc.id)


def test_stock_in_follows_the_workflow_submit_reject_cancel_delete(db, wh, make_product, keeper, make_user):
    rice = make_product()
    doc = opening(db, keeper, wh, {"product_id": rice.id, "qty": D(5), "unit_cost": D("2.00")})
    stock_ins.submit_stock_in(db, keeper, doc.id)
    assert doc.state == DocState.PENDING
    stock_ins.reject_stock_in(db, keeper, doc.id, "单价不对")
    stock_ins.update_stock_in(db, keeper, doc.id, {"lines": [{"product_id": rice.id, "qty": D(5),
                                                              "unit_cost": D("2.10")}]})
    assert doc.total_amount == D("10.50")
    stock_ins.cancel_stock_in(db, keeper, doc.id, "重复")
    assert doc.state == DocState.CANCELLED
    other = opening(db, keeper, wh, {"product_id": rice.id, "qty": D(1), "unit_cost": D(1)})
    stock_ins.delete_stock_in(db, keeper, other.id)
    assert stock_level(db, rice.id, wh.id).on_hand == 0


def test_stock_out_splits_a_line_without_batch_fefo_and_issues_at_average(db, wh, make_tracked, receive, keeper):
    tea = make_tracked()
    receive(tea, wh, 4, "10.00", batch_no="T-1", expiry_date=days(10))
    receive(tea, wh, 10, "12.00", batch_no="T-2", expiry_date=days(100))
    doc = stock_outs.create_stock_out(db, keeper, {"warehouse_id": wh.id, "reason": "sample",
                                                   "lines": [{"product_id": tea.id, "qty": D(6)}]})
    assert [(line.batch.batch_no, line.qty) for line in doc.lines] == [("T-1", D(4)), ("T-2", D(2))]
    stock_outs.approve_stock_out(db, keeper, doc.id)
    assert [line.cost_value for line in doc.lines] == [D("45.71"), D("22.86")]  # average 160 / 14 = 11.428571
    assert stock_level(db, tea.id, wh.id).on_hand == D(8)


def test_stock_out_may_take_an_expired_batch_named_by_the_user(db, wh, make_tracked, receive, batch_of, keeper):
    tea = make_tracked()
    old = batch_of(receive(tea, wh, 4, batch_no="T-OLD", expiry_date=days(-10)))
    doc = stock_outs.create_stock_out(db, keeper, {"warehouse_id": wh.id, "reason": "loss",
                                                   "lines": [{"product_id": tea.id, "qty": D(4), "batch_id": old.id}]})
    stock_outs.approve_stock_out(db, keeper, doc.id)
    assert stock_level(db, tea.id, wh.id).on_hand == D(0)
