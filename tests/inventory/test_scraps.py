"""Scrap (报废单): warehouse staff enter it, a manager approves it."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.documents import approvals
from erp.documents.base import DocState
from erp.errors import Forbidden, ValidationFailed
from inventory.scraps import services as scraps
from inventory.stock.queries import stock_level
from tests.inventory.conftest import days


@pytest.fixture
def spoiled(db, wh, make_tracked, receive, batch_of):
    bread = make_tracked(name="全麦面包")
    batch = batch_of(receive(bread, wh, 10, "6.00", batch_no="BR-1", expiry_date=days(-3)))
    return bread, batch


def test_scrap_needs_a_manager(db, wh, spoiled, keeper, manager):
    bread, batch = spoiled
    doc = scraps.create_scrap(db, keeper, {"warehouse_id": wh.id, "reason": "expired", "note": "过期三天",
                                           "lines": [{"product_id": bread.id, "qty": D(4), "batch_id": batch.id}]})
    assert doc.approval_amount() == D("24.00")
    with pytest.raises(Forbidden):
        scraps.approve_scrap(db, keeper, doc.id)
    scraps.submit_scrap(db, keeper, doc.id)
    assert doc.state == DocState.PENDING
    assert [r.doc_id for r in approvals.inbox(db, manager, doc_type="scrap")] == [doc.id]
    assert approvals.inbox(db, keeper, doc_type="scrap") == []

    scraps.approve_scrap(db, manager, doc.id)
    assert doc.state == DocState.APPROVED and doc.number.startswith("BF")
    assert doc.lines[0].cost_value == D("24.00")
    assert stock_level(db, bread.id, wh.id).on_hand == D(6)
    scraps.unapprove_scrap(db, manager, doc.id, "数错了")
    assert stock_level(db, bread.id, wh.id).on_hand == D(10)


def test_a_scrap_names_its_reason_and_its_batch(db, wh, spoiled, keeper):
    bread, _batch = spoiled
    with pytest.raises(ValidationFailed) as refused:
        scraps.create_scrap(db, keeper, {"warehouse_id": wh.id, "lines": [{"product_id": bread.id, "qty": D(1)}]})
    assert "reason" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        scraps.create_scrap(db, keeper, {"warehouse_id": wh.id, "reason": "damaged",
                                         "lines": [{"product_id": bread.id, "qty": D(1)}]})
    assert refused.value.fields == {"lines": {0: {"batch_id": ["This product is batch-tracked: give a batch."]}}}


def test_an_approved_scrap_is_unapproved_before_it_is_cancelled(db, wh, spoiled, keeper, manager):
    bread, batch = spoiled
    doc = scraps.create_scrap(db, keeper, {"warehouse_id": wh.id, "reason": "expired",
                                           "lines": [{"product_id": bread.id, "qty": D(1), "batch_id": batch.id}]})
    scraps.approve_scrap(db, manager, doc.id)
    scraps.unapprove_scrap(db, manager, doc.id)
    scraps.cancel_scrap(db, keeper, doc.id, "不报废了")
    assert doc.state == DocState.CANCELLED and stock_level(db, bread.id, wh.id).on_hand == D(10)
