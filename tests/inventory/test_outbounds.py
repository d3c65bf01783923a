"""The outbound (销售出库单), built and tested as a plain outbound without a delivery note,
plus the hooks the sales chain uses: origin lines whose reservations approval consumes,
and downstream documents that block unapprove."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from erp.documents.base import DocState
from erp.errors import (
    DownstreamExists,
    Forbidden,
    InsufficientStock,
    InvalidTransition,
    ReadOnlyDocument,
    ValidationFailed,
)
from inventory.batches.models import BatchStatus
from inventory.outbounds import services as outbounds
from inventory.outbounds.models import (
    DOWNSTREAM_QUERIES,
    Outbound,
    OutboundLine,
    register_outbound_downstream,
)
from inventory.stock.checks import check_stock_balances, check_stock_costs
from inventory.stock.ledger import StockSource
from inventory.stock.models import StockMove
from inventory.stock.queries import stock_level
from inventory.stock.reservations import reservations_of, reserve
from tests.inventory.conftest import days


@pytest.fixture
def milk(db, wh, make_tracked, receive, batch_of):
    """Milk in two batches: 10 expiring in 20 days at 3.00, 10 in 90 days at 4.00."""
    product = make_tracked(name="纯牛奶250ml")
    early = batch_of(receive(product, wh, 10, "3.00", batch_no="M-EARLY", expiry_date=days(20)))
    late = batch_of(receive(product, wh, 10, "4.00", batch_no="M-LATE", expiry_date=days(90)))
    return product, early, late


def draft(db, actor, warehouse, *lines, **header):
    return outbounds.create_outbound(db, actor, {"warehouse_id": warehouse.id, "lines": list(lines), **header})


def allocations(doc):
    return [[(a.batch.batch_no if a.batch else None, a.qty, a.manual) for a in line.allocations] for line in doc.lines]


def moves_of(db, doc):
    return db.scalars(select(StockMove).where(StockMove.source_type == "outbound", StockMove.source_id == doc.id)
                      .order_by(StockMove.id)).all()


def test_a_plain_outbound_is_allocated_fefo_and_approval_issues_it_at_average_cost(db, wh, milk, keeper,
                                                                                   make_customer):
    product, early, late = milk
    shop = make_customer()
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(12)}, customer_id=shop.id)
    assert doc.state == DocState.DRAFT and doc.number is None
    outbounds.allocate_outbound(db, keeper, doc.id)
    assert allocations(doc) == [[("M-EARLY", D(10), False), ("M-LATE", D(2), False)]]

    outbounds.approve_outbound(db, keeper, doc.id)
    assert doc.state == DocState.APPROVED and doc.number.startswith("XSCK")
    assert [(m.batch_id, m.qty, m.value) for m in moves_of(db, doc)] == [
        (early.id, D(-10), D("-35.00")), (late.id, D(-2), D("-7.00"))]
    assert doc.lines[0].cost_value == D("42.00")
    assert stock_level(db, product.id, wh.id).on_hand == D(8)
    assert check_stock_balances(db) == [] and check_stock_costs(db) == []


def test_approval_allocates_lines_left_without_batches(db, wh, milk, keeper):
    product, _early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(3)})
    outbounds.approve_outbound(db, keeper, doc.id)
    assert allocations(doc) == [[("M-EARLY", D(3), False)]]


def test_the_user_may_override_the_batch(db, wh, milk, keeper):
    product, _early, late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(4), "batch_id": late.id})
    outbounds.allocate_outbound(db, keeper, doc.id)  # a chosen batch is kept
    outbounds.approve_outbound(db, keeper, doc.id)
    assert allocations(doc) == [[("M-LATE", D(4), True)]]
    assert [m.batch_id for m in moves_of(db, doc)] == [late.id]


def test_a_line_can_be_split_over_chosen_batches_in_base_units(db, wh, milk, keeper):
    product, early, late = milk
    case = product.packings[0].unit_id  # a case is 24 bottles
    split = [{"batch_id": early.id, "qty": D(5)}, {"batch_id": late.id, "qty": D(5)}]
    with pytest.raises(ValidationFailed) as refused:
        draft(db, keeper, wh, {"product_id": product.id, "qty": D(1), "unit_id": case, "allocations": split})
    assert refused.value.fields == {"lines": {0: {"allocations": [
        "The batch quantities must add up to the line's quantity in the base unit."]}}}
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(10), "allocations": split})
    outbounds.approve_outbound(db, keeper, doc.id)
    assert sorted(m.batch_id for m in moves_of(db, doc)) == sorted([early.id, late.id])


def test_a_partial_allocation_shows_what_is_there_but_cannot_be_approved(db, wh, milk, keeper):
    product, _early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1), "unit_id": product.packings[0].unit_id})
    outbounds.allocate_outbound(db, keeper, doc.id, partial=True)
    assert doc.lines[0].qty_base == D(24) and doc.lines[0].allocated == D(20)
    with pytest.raises(ValidationFailed) as refused:
        outbounds.approve_outbound(db, keeper, doc.id)
    assert refused.value.fields == {"lines": {0: {"allocations": ["Not allocated in full."]}}}


@pytest.mark.parametrize("case", ["zero", "negative", "unit", "other_product", "expired", "blocked", "untracked",
                                  "unknown_product", "fraction"])
def test_bad_lines_are_refused_with_field_messages_and_nothing_is_written(db, wh, milk, keeper, make_tracked,
                                                                         make_product, make_batch, make_unit,
                                                                         case):
    product, early, _late = milk
    line = {"product_id": product.id, "qty": D(1)}
    expected_field = "qty"
    if case == "zero":
        line["qty"] = D(0)
    elif case == "negative":
        line["qty"] = D(-2)
    elif case == "unit":
        line["unit_id"], expected_field = make_unit("KG", "千克").id, "unit_id"
    elif case == "other_product":
        line["batch_id"], expected_field = make_batch(make_tracked()).id, "batch_id"
    elif case == "expired":
        line["batch_id"], expected_field = make_batch(product, expiry_date=days(-1)).id, "batch_id"
    elif case == "blocked":
        early.status = BatchStatus.BLOCKED
        line["batch_id"], expected_field = early.id, "batch_id"
    elif case == "untracked":
        line = {"product_id": make_product().id, "qty": D(1), "batch_id": early.id}
        expected_field = "batch_id"
    elif case == "unknown_product":
        line["product_id"], expected_field = 987654, "product_id"
    elif case == "fraction":
        line["qty"] = D("1.5")
    before = db.scalar(select(func.count(Outbound.id)))
    with pytest.raises(ValidationFailed) as refused:
        with db.begin_nested():
            draft(db, keeper, wh, line)
    assert refused.value.status == 422
    assert expected_field in refused.value.fields["lines"][0]
    assert db.scalar(select(func.count(Outbound.id))) == before


def test_issuing_more_than_available_is_a_409_naming_the_shortfall_and_nothing_is_written(db, wh, milk, keeper):
    product, _early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(25)})
    with pytest.raises(InsufficientStock) as refused:
        with db.begin_nested():
            outbounds.approve_outbound(db, keeper, doc.id)
    assert "25 瓶 wanted, 20 available, 5 short" in str(refused.value)
    db.refresh(doc)
    assert doc.state == DocState.DRAFT and doc.number is None and moves_of(db, doc) == []
    assert stock_level(db, product.id, wh.id).on_hand == D(20)


def test_a_batch_that_expired_after_allocation_is_refused_at_approval(db, wh, milk, keeper):
    product, early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(2)})
    outbounds.allocate_outbound(db, keeper, doc.id)
    early.expiry_date = doc.doc_date - dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as refused:
        outbounds.approve_outbound(db, keeper, doc.id)
    assert refused.value.fields["lines"][0]["batch_id"] == ["This batch has expired."]


def test_unapprove_reverses_moves_and_cost(db, wh, milk, keeper):
    product, _early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(12)})
    outbounds.approve_outbound(db, keeper, doc.id)
    outbounds.unapprove_outbound(db, keeper, doc.id, "客户取消")
    assert doc.state == DocState.DRAFT and doc.lines[0].cost_value is None
    moves = moves_of(db, doc)
    assert sum(m.qty for m in moves) == 0 and sum(m.value for m in moves) == 0
    assert stock_level(db, product.id, wh.id).on_hand == D(20)
    assert check_stock_balances(db) == [] and check_stock_costs(db) == []
    outbounds.approve_outbound(db, keeper, doc.id)  # approve again: issued once more
    assert stock_level(db, product.id, wh.id).on_hand == D(8)


def test_unapprove_is_refused_while_a_downstream_document_exists(db, wh, milk, keeper):
    product, _early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1)})
    outbounds.approve_outbound(db, keeper, doc.id)

    def invoices(session, outbound):
        return [outbound] if outbound.id == doc.id else []  # stands in for an invoice made from it

    register_outbound_downstream(invoices)
    try:
        with pytest.raises(DownstreamExists):
            outbounds.unapprove_outbound(db, keeper, doc.id)
    finally:
        DOWNSTREAM_QUERIES.remove(invoices)
    outbounds.unapprove_outbound(db, keeper, doc.id)


def test_an_approved_outbound_is_read_only(db, wh, milk, keeper):
    product, _early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1)})
    outbounds.approve_outbound(db, keeper, doc.id)
    with pytest.raises(ReadOnlyDocument):
        outbounds.update_outbound(db, keeper, doc.id, {"note": "改一下"})
    with pytest.raises(ReadOnlyDocument):
        doc.lines[0].qty = D(2)
        db.flush()


def test_only_drafts_are_cancelled_or_deleted(db, wh, milk, keeper):
    product, _early, _late = milk
    approved = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1)})
    outbounds.approve_outbound(db, keeper, approved.id)
    with pytest.raises(InvalidTransition):
        outbounds.cancel_outbound(db, keeper, approved.id, "错单")
    cancelled = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1)})
    outbounds.cancel_outbound(db, keeper, cancelled.id, "错单")
    assert cancelled.state == DocState.CANCELLED
    deleted = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1)})
    outbounds.delete_outbound(db, keeper, deleted.id)
    assert db.get(Outbound, deleted.id) is None
    assert db.scalar(select(func.count(OutboundLine.id)).where(OutboundLine.document_id == deleted.id)) == 0


def test_approval_consumes_the_reservation_of_its_origin_line_and_unapprove_holds_it_again(db, wh, milk, keeper):
    product, early, late = milk
    origin = StockSource("delivery_note", 5, 51, "DN-5")
    reserve(db, keeper, product_id=product.id, warehouse_id=wh.id, qty=D(15), source=origin)
    assert stock_level(db, product.id, wh.id).available == D(5)
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(12), "origin_line_id": 51},
                origin_type="delivery_note", origin_id=5)
    outbounds.approve_outbound(db, keeper, doc.id)
    assert allocations(doc) == [[("M-EARLY", D(10), False), ("M-LATE", D(2), False)]]
    assert doc.lines[0].reservation_consumed == D(12)
    level = stock_level(db, product.id, wh.id)
    assert (level.on_hand, level.reserved) == (D(8), D(3))  # 3 still held for the rest of the line
    outbounds.unapprove_outbound(db, keeper, doc.id)
    assert stock_level(db, product.id, wh.id).reserved == D(15)
    assert sum(r.qty for r in reservations_of(db, origin)) == D(15)
    assert check_stock_balances(db) == []


def test_warehouse_staff_of_another_warehouse_cannot_issue_here(db, wh, milk, make_user, make_warehouse, keeper):
    from erp.auth.services import update_user

    product, _early, _late = milk
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1)})
    stranger = make_user("warehouse")
    update_user(db, make_user("admin"), stranger.id, {"warehouse_ids": [make_warehouse().id]})
    with pytest.raises(Forbidden):
        outbounds.approve_outbound(db, stranger, doc.id)
    with pytest.raises(Forbidden):
        draft(db, stranger, wh, {"product_id": product.id, "qty": D(1)})


def test_sales_clerks_read_outbounds_but_do_not_issue_them(db, wh, milk, keeper, make_user):
    product, _early, _late = milk
    clerk = make_user("sales_clerk")
    with pytest.raises(Forbidden):
        draft(db, clerk, wh, {"product_id": product.id, "qty": D(1)})
    doc = draft(db, keeper, wh, {"product_id": product.id, "qty": D(1)})
    with pytest.raises(Forbidden):
        outbounds.approve_outbound(db, clerk, doc.id)
