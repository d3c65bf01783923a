"""FEFO allocation (近效期先出): earliest expiry first, never expired or blocked goods,
enough shelf life left for the customer, and a clear shortfall."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.errors import InsufficientStock
from inventory.batches.models import BatchStatus
from inventory.stock.allocation import allocate_fefo
from inventory.stock.ledger import StockSource
from inventory.stock.reservations import reserve
from tests.inventory.conftest import days


@pytest.fixture
def yoghurt(db, wh, make_tracked, receive, batch_of):
    """Yoghurt in four batches: expired, blocked, near expiry (10 days) and fresh (60 days)."""
    product = make_tracked(name="原味酸奶")
    batches = {
        "expired": batch_of(receive(product, wh, 50, batch_no="Y-OLD", expiry_date=days(-2))),
        "blocked": batch_of(receive(product, wh, 50, batch_no="Y-HOLD", expiry_date=days(5))),
        "near": batch_of(receive(product, wh, 8, batch_no="Y-NEAR", expiry_date=days(10))),
        "fresh": batch_of(receive(product, wh, 20, batch_no="Y-NEW", expiry_date=days(60))),
    }
    batches["blocked"].status = BatchStatus.BLOCKED
    db.flush()
    return product, batches


def picks(allocation):
    return [(p.batch_no, p.qty) for p in allocation.picks]


def test_fefo_picks_the_earlier_expiry_first(db, wh, yoghurt):
    product, _ = yoghurt
    allocation = allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(12))
    assert picks(allocation) == [("Y-NEAR", D(8)), ("Y-NEW", D(4))]
    assert allocation.short == 0


def test_fefo_skips_expired_and_blocked_batches(db, wh, yoghurt):
    product, _ = yoghurt
    allocation = allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(28))
    assert [p.batch_no for p in allocation.picks] == ["Y-NEAR", "Y-NEW"]


def test_a_customer_with_a_minimum_shelf_life_gets_no_short_dated_goods(db, wh, yoghurt, make_customer):
    product, _ = yoghurt
    hotel = make_customer(min_remaining_shelf_days=30)
    allocation = allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(5), customer_id=hotel.id)
    assert picks(allocation) == [("Y-NEW", D(5))]
    lenient = allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(5), customer_id=hotel.id,
                            min_remaining_days=0)
    assert picks(lenient) == [("Y-NEAR", D(5))]


def test_an_allocation_that_cannot_be_met_says_how_much_is_short(db, wh, yoghurt):
    product, _ = yoghurt
    with pytest.raises(InsufficientStock) as refused:
        allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(30))
    assert refused.value.shortfall == D(2)
    assert "30 瓶 wanted, 28 available, 2 short" in str(refused.value)


def test_partial_mode_returns_what_could_be_allocated(db, wh, yoghurt):
    product, _ = yoghurt
    allocation = allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(30), partial=True)
    assert (allocation.allocated, allocation.short) == (D(28), D(2))


def test_reserved_stock_is_not_offered_except_to_the_line_holding_it(db, wh, yoghurt, keeper):
    product, _ = yoghurt
    line = StockSource("delivery_note", 7, 70, "DN-7")
    reserve(db, keeper, product_id=product.id, warehouse_id=wh.id, qty=D(6), source=line)
    others = allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(4))
    assert picks(others) == [("Y-NEAR", D(2)), ("Y-NEW", D(2))]
    own = allocate_fefo(db, product_id=product.id, warehouse_id=wh.id, qty=D(4), own_source=line)
    assert picks(own) == [("Y-NEAR", D(4))]


def test_a_product_without_batches_gets_one_pick_without_a_batch(db, wh, make_product, receive):
    water = make_product()
    receive(water, wh, 9)
    allocation = allocate_fefo(db, product_id=water.id, warehouse_id=wh.id, qty=D(4))
    assert [(p.batch_id, p.qty) for p in allocation.picks] == [(None, D(4))]
