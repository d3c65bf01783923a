"""Purchase orders: lines in cases or pieces priced through erp.money, approval by amount,
what refuses an order, closing short."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from erp import clock
from erp.documents.base import DocState
from erp.errors import Conflict, DownstreamExists, Forbidden, PeriodClosed, ValidationFailed
from erp.periods.models import Period
from purchasing.orders import services as orders
from purchasing.receipts import services as receipts
from tests.purchasing.conftest import line


def test_a_line_in_cases_converts_to_pieces_and_is_priced_per_case(db, purchaser, make_product, make_order):
    water = make_product(name="农夫山泉 550ml", case_factor=24)
    case = water.case_packing
    order = make_order([{"product_id": water.id, "unit_id": case.unit_id, "qty": D(10), "unit_price": D("27.12")}],
                       approve=False)
    only = order.lines[0]
    assert (only.qty, only.qty_base) == (D(10), D(240))
    assert (only.amount_gross, only.amount_tax, only.amount_net) == (D("271.20"), D("31.20"), D("240.00"))
    assert order.total_gross == D("271.20")


def test_prices_without_vat_add_the_tax_per_line(db, make_product, make_order):
    rice = make_product(name="东北大米 5kg", vat_rate=D("0.09"), case_factor=None)
    order = make_order([line(rice, 3, "33.33")], approve=False, price_includes_vat=False)
    only = order.lines[0]
    assert (only.amount_net, only.amount_tax, only.amount_gross) == (D("99.99"), D("9.00"), D("108.99"))


def test_a_line_defaults_to_the_purchase_packing_and_the_last_price_paid(db, purchaser, supplier, wh, make_product,
                                                                          make_order):
    oil = make_product(name="金龙鱼调和油 5L", case_factor=4)
    oil.case_packing.is_purchase_default = True
    db.flush()
    make_order([line(oil, 8, "60.00")])  # 60.00 a bottle
    again = orders.create_order(db, purchaser, {"supplier_id": supplier.id, "warehouse_id": wh.id,
                                                "lines": [{"product_id": oil.id, "qty": D(2)}]})
    only = again.lines[0]
    assert only.unit_id == oil.case_packing.unit_id and only.qty_base == D(8)
    assert only.unit_price == D("240.000000")  # a case of 4 at the last price per bottle


def test_a_line_without_price_and_no_history_is_refused_beside_its_field(db, purchaser, supplier, wh, make_product):
    new_item = make_product()
    with pytest.raises(ValidationFailed) as exc:
        orders.create_order(db, purchaser, {"supplier_id": supplier.id, "warehouse_id": wh.id,
                                            "lines": [{"product_id": new_item.id, "qty": D(5)}]})
    assert exc.value.fields["lines"][0]["unit_price"]


def test_an_unknown_vat_rate_is_refused(db, purchaser, supplier, wh, make_product):
    item = make_product()
    with pytest.raises(ValidationFailed) as exc:
        orders.create_order(db, purchaser, {"supplier_id": supplier.id, "warehouse_id": wh.id,
                                            "lines": [line(item, 1, vat_rate=D("0.17"))]})
    assert "vat_rate" in exc.value.fields["lines"][0]


def test_an_inactive_supplier_or_product_is_refused_and_nothing_is_written(db, purchaser, supplier, wh, make_product,
                                                                            make_supplier):
    from purchasing.orders.models import PurchaseOrder

    old = make_supplier(active=False)
    item = make_product()
    with pytest.raises(ValidationFailed) as exc:
        orders.create_order(db, purchaser, {"supplier_id": old.id, "warehouse_id": wh.id, "lines": [line(item, 1)]})
    assert "supplier_id" in exc.value.fields
    gone = make_product(active=False)
    with pytest.raises(ValidationFailed) as exc:
        orders.create_order(db, purchaser, {"supplier_id": supplier.id, "warehouse_id": wh.id,
                                            "lines": [line(gone, 1)]})
    assert exc.value.fields["lines"][0]["product_id"]
    assert db.scalars(select(PurchaseOrder)).all() == []


def test_approval_is_refused_when_the_supplier_was_deactivated_since_the_draft(db, purchaser, supplier, make_product,
                                                                                make_order):
    draft = make_order([line(make_product(), 1)], approve=False)
    supplier.active = False
    db.flush()
    with pytest.raises(Conflict) as exc:
        orders.approve_order(db, purchaser, draft.id)
    assert exc.value.code == "supplier_inactive"
    assert draft.state == DocState.DRAFT


def test_a_large_order_needs_a_manager_after_the_purchaser(db, purchaser, manager, make_product, make_order):
    big = make_order([line(make_product(), 5000, "11.30")], approve=False)  # 56,500.00
    orders.approve_order(db, purchaser, big.id)
    assert big.state == DocState.PENDING and big.number is None
    with pytest.raises(Forbidden):
        orders.approve_order(db, purchaser, big.id)
    orders.approve_order(db, manager, big.id)
    assert big.state == DocState.APPROVED and big.number.startswith("PO")


def test_a_small_order_is_approved_by_the_purchaser_alone(db, purchaser, make_product, make_order):
    small = make_order([line(make_product(), 10)])
    assert small.state == DocState.APPROVED


def test_nothing_is_dated_in_a_closed_period(db, purchaser, supplier, wh, make_product):
    last_month = (clock.today().replace(day=1) - dt.timedelta(days=1))
    db.add(Period(month=last_month.strftime("%Y-%m"), closed=True))
    db.flush()
    db.info.pop("closed_months", None)
    with pytest.raises(PeriodClosed):
        orders.create_order(db, purchaser, {"supplier_id": supplier.id, "warehouse_id": wh.id,
                                            "doc_date": last_month, "lines": [line(make_product(), 1)]})


def test_an_order_with_receipts_cannot_be_unapproved_or_cancelled(db, purchaser, make_product, make_order, receive):
    order = make_order([line(make_product(), 10)])
    receive(order, approve=False)
    with pytest.raises(DownstreamExists):
        orders.unapprove_order(db, purchaser, order.id)
    with pytest.raises(DownstreamExists):
        orders.cancel_order(db, purchaser, order.id)


def test_closing_short_needs_a_reason_and_no_receipt_waiting(db, purchaser, keeper, make_product, make_order, receive):
    order = make_order([line(make_product(), 10)])
    with pytest.raises(ValidationFailed):
        orders.close_order(db, purchaser, order.id, None)
    waiting = receive(order, [(order.lines[0], 4)], approve=False)
    with pytest.raises(Conflict) as exc:
        orders.close_order(db, purchaser, order.id, "缺货")
    assert exc.value.code == "receipt_pending"
    receipts.approve_goods_receipt(db, keeper, waiting.id)
    orders.close_order(db, purchaser, order.id, "缺货")
    assert order.state == DocState.CLOSED and order.lines[0].qty_open == D(6)
    with pytest.raises(Conflict) as exc:
        receive(order)
    assert exc.value.code == "upstream_not_approved"
    orders.reopen_order(db, purchaser, order.id)
    assert order.state == DocState.APPROVED and order.close_reason is None


def test_a_warehouse_keeper_may_not_enter_purchase_orders(db, keeper, supplier, wh, make_product):
    with pytest.raises(Forbidden):
        orders.create_order(db, keeper, {"supplier_id": supplier.id, "warehouse_id": wh.id,
                                         "lines": [line(make_product(), 1)]})
