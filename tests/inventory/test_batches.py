"""Batches (批次): unique per product, expiry from the shelf life, blocked batches."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.errors import Forbidden, ValidationFailed
from inventory.batches import services as batches
from inventory.batches.models import BatchStatus
from tests.inventory.conftest import TODAY, days


def test_a_batch_without_expiry_date_gets_one_from_the_shelf_life(db, keeper, make_tracked, make_supplier):
    cheese = make_tracked(shelf_life_days=90)
    batch = batches.create_batch(db, keeper, {"product_id": cheese.id, "batch_no": "C-1", "production_date": TODAY,
                                              "supplier_id": make_supplier().id})
    assert batch.expiry_date == days(90) and batch.status == BatchStatus.ACTIVE
    assert batch.days_left(TODAY) == 90 and not batch.is_expired(days(90)) and batch.is_expired(days(91))


def test_a_batch_number_is_unique_per_product_only(db, keeper, make_tracked):
    cheese, butter = make_tracked(), make_tracked()
    batches.create_batch(db, keeper, {"product_id": cheese.id, "batch_no": "2401"})
    batches.create_batch(db, keeper, {"product_id": butter.id, "batch_no": "2401"})
    with pytest.raises(ValidationFailed) as refused:
        batches.create_batch(db, keeper, {"product_id": cheese.id, "batch_no": "2401"})
    assert "batch_no" in refused.value.fields


def test_only_batch_tracked_products_have_batches(db, keeper, make_product):
    with pytest.raises(ValidationFailed) as refused:
        batches.create_batch(db, keeper, {"product_id": make_product().id, "batch_no": "X"})
    assert refused.value.fields == {"product_id": ["This product is not batch-tracked."]}


def test_dates_the_wrong_way_round_are_refused(db, keeper, make_tracked):
    with pytest.raises(ValidationFailed) as refused:
        batches.create_batch(db, keeper, {"product_id": make_tracked().id, "batch_no": "X",
                                          "production_date": days(5), "expiry_date": days(1)})
    assert "expiry_date" in refused.value.fields


def test_a_blocked_batch_is_never_allocated(db, wh, keeper, make_tracked, receive, batch_of):
    from inventory.stock.allocation import allocate_fefo

    cheese = make_tracked()
    held = batch_of(receive(cheese, wh, 5, batch_no="HOLD", expiry_date=days(3)))
    receive(cheese, wh, 5, batch_no="OK", expiry_date=days(30))
    batches.update_batch(db, keeper, held.id, {"status": "blocked", "note": "质检不合格"})
    allocation = allocate_fefo(db, product_id=cheese.id, warehouse_id=wh.id, qty=D(3))
    assert [p.batch_no for p in allocation.picks] == ["OK"]


def test_sales_staff_do_not_edit_batches(db, make_user, make_tracked):
    with pytest.raises(Forbidden):
        batches.create_batch(db, make_user("sales_clerk"), {"product_id": make_tracked().id, "batch_no": "X"})


def test_batches_are_listed_earliest_expiry_first_and_by_expiry(db, make_tracked, make_batch):
    cheese = make_tracked()
    late, never, old = (make_batch(cheese, "L", expiry_date=days(30)), make_batch(cheese, "N"),
                        make_batch(cheese, "O", expiry_date=days(-1)))
    listed = db.scalars(batches.query_batches(product_id=cheese.id)).all()
    assert listed == [old, late, never]
    assert db.scalars(batches.query_batches(product_id=cheese.id, expired=True)).all() == [old]
    assert db.scalars(batches.query_batches(product_id=cheese.id, expired=False)).all() == [late, never]
    assert db.scalars(batches.query_batches(product_id=cheese.id, expiring_by=days(40))).all() == [old, late]
