"""Transfers (调拨单): out at ship, in transit, in at receive, cost carried."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp.documents.base import DocState
from erp.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from inventory.stock.checks import check_stock_balances, check_stock_costs
from inventory.stock.models import StockCost
from inventory.stock.queries import stock_level
from inventory.stock_outs import services as stock_outs
from inventory.transfers import services as transfers
from tests.inventory.conftest import TODAY, days


@pytest.fixture
def depots(make_warehouse):
    return make_warehouse(name="上海仓"), make_warehouse(name="苏州仓")


def transfer(db, actor, source, target, *lines):
    return transfers.create_transfer(db, actor, {"from_warehouse_id": source.id, "to_warehouse_id": target.id,
                                                 "lines": list(lines)})


def cost(db, product, warehouse):
    return db.scalars(select(StockCost).where(StockCost.product_id == product.id,
                                              StockCost.warehouse_id == warehouse.id)
                      .execution_options(populate_existing=True)).one()


def test_transfer_in_transit_then_received_carries_its_cost(db, depots, make_tracked, receive, batch_of, keeper):
    shanghai, suzhou = depots
    wine = make_tracked(name="干红葡萄酒")
    batch = batch_of(receive(wine, shanghai, 3, "50.00", batch_no="W-1", expiry_date=days(700)))
    receive(wine, shanghai, 3, "60.00", batch=batch)  # average 55
    doc = transfer(db, keeper, shanghai, suzhou, {"product_id": wine.id, "qty": D(4)})
    assert doc.lines[0].batch_id == batch.id and doc.transit_status == "draft"

    transfers.approve_transfer(db, keeper, doc.id)
    assert doc.state == DocState.APPROVED and doc.transit_status == "in_transit"
    assert doc.lines[0].cost_value == D("220.00")
    assert stock_level(db, wine.id, shanghai.id).on_hand == D(2)
    assert stock_level(db, wine.id, suzhou.id).on_hand == D(0)  # in transit: in neither

    transfers.receive_transfer(db, keeper, doc.id)
    assert doc.state == DocState.CLOSED and doc.transit_status == "received" and doc.received_on == TODAY
    assert stock_level(db, wine.id, suzhou.id, batch.id).on_hand == D(4)
    arrived = cost(db, wine, suzhou)
    assert (arrived.qty, arrived.value, arrived.unit_cost) == (D(4), D("220.00"), D("55"))
    assert check_stock_balances(db) == [] and check_stock_costs(db) == []


def test_goods_in_transit_can_be_called_back_but_not_once_received(db, depots, make_product, receive, keeper):
    shanghai, suzhou = depots
    oil = make_product()
    receive(oil, shanghai, 10, "8.00")
    doc = transfer(db, keeper, shanghai, suzhou, {"product_id": oil.id, "qty": D(4)})
    transfers.approve_transfer(db, keeper, doc.id)
    transfers.unapprove_transfer(db, keeper, doc.id, "车坏了")
    assert doc.state == DocState.DRAFT and stock_level(db, oil.id, shanghai.id).on_hand == D(10)
    transfers.approve_transfer(db, keeper, doc.id)
    transfers.receive_transfer(db, keeper, doc.id)
    with pytest.raises(InvalidTransition):
        transfers.unapprove_transfer(db, keeper, doc.id)


def test_a_receipt_taken_back_puts_the_goods_in_transit_again(db, depots, make_product, receive, keeper):
    shanghai, suzhou = depots
    oil = make_product()
    receive(oil, shanghai, 10, "8.00")
    doc = transfer(db, keeper, shanghai, suzhou, {"product_id": oil.id, "qty": D(4)})
    transfers.approve_transfer(db, keeper, doc.id)
    transfers.receive_transfer(db, keeper, doc.id)
    transfers.unreceive_transfer(db, keeper, doc.id)
    assert doc.transit_status == "in_transit" and doc.received_on is None
    assert stock_level(db, oil.id, suzhou.id).on_hand == D(0)
    assert check_stock_costs(db) == []


def test_a_receipt_is_not_taken_back_after_the_destination_issued_from_it(db, depots, make_product, receive, keeper):
    shanghai, suzhou = depots
    oil = make_product()
    receive(oil, shanghai, 10, "8.00")
    doc = transfer(db, keeper, shanghai, suzhou, {"product_id": oil.id, "qty": D(4)})
    transfers.approve_transfer(db, keeper, doc.id)
    transfers.receive_transfer(db, keeper, doc.id)
    out = stock_outs.create_stock_out(db, keeper, {"warehouse_id": suzhou.id, "reason": "internal_use",
                                                   "lines": [{"product_id": oil.id, "qty": D(1)}]})
    stock_outs.approve_stock_out(db, keeper, out.id)
    with pytest.raises(Conflict) as refused:
        transfers.unreceive_transfer(db, keeper, doc.id)
    assert refused.value.code == "issued_since"


def test_a_transfer_needs_two_warehouses_and_cannot_arrive_before_it_left(db, depots, make_product, receive, keeper):
    shanghai, suzhou = depots
    oil = make_product()
    receive(oil, shanghai, 10)
    with pytest.raises(ValidationFailed) as refused:
        transfer(db, keeper, shanghai, shanghai, {"product_id": oil.id, "qty": D(1)})
    assert "to_warehouse_id" in refused.value.fields
    doc = transfer(db, keeper, shanghai, suzhou, {"product_id": oil.id, "qty": D(1)})
    transfers.approve_transfer(db, keeper, doc.id)
    with pytest.raises(ValidationFailed):
        transfers.receive_transfer(db, keeper, doc.id, received_on=days(-1))


def test_only_staff_of_the_destination_receive(db, depots, make_product, receive, keeper, make_user):
    from erp.auth.services import update_user

    shanghai, suzhou = depots
    oil = make_product()
    receive(oil, shanghai, 10)
    sender = make_user("warehouse")
    update_user(db, make_user("admin"), sender.id, {"warehouse_ids": [shanghai.id]})
    doc = transfer(db, sender, shanghai, suzhou, {"product_id": oil.id, "qty": D(1)})
    transfers.approve_transfer(db, sender, doc.id)
    with pytest.raises(Forbidden):
        transfers.receive_transfer(db, sender, doc.id)
    transfers.receive_transfer(db, keeper, doc.id)
