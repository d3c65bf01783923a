"""Closing a delivery note shipped in part (发货单关闭): the rest stops being held, the order
may deliver it again, and nothing can put the stock back on hold behind the user's back."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.audit.services import history_of
from erp.documents.base import DocState
from erp.errors import Conflict, InsufficientStock, InvalidTransition, ValidationFailed
from erp.sales.checks import check_order_progress
from erp.sales.delivery import services as delivery
from erp.sales.orders import services as orders
from erp.sales.orders.progress import order_progress
from inventory.outbounds import services as outbound_services
from tests.sales.conftest import line


def _part_shipped(sales, make_customer, stocked, *, ordered=10, shipped=6, stock=100):
    product = stocked(stock)
    order = sales.order(make_customer(), [line(product, ordered)])
    note = sales.deliver(order)
    outbound = sales.ship(note, [{"origin_line_id": note.lines[0].id, "qty": D(shipped)}])
    return product, order, note, outbound


def close(sales, note, reason="客户只要6瓶"):
    return delivery.close_delivery_note(sales.db, sales.people["clerk"], note.id, reason)


def test_closing_releases_what_was_not_shipped_and_gives_it_back_to_the_order(sales, make_customer, stocked, wh,
                                                                            stock_of):
    product, order, note, _outbound = _part_shipped(sales, make_customer, stocked)
    assert stock_of(product, wh) == (D(94), D(4))  # the 4 not shipped are still held
    with pytest.raises(ValidationFailed) as info:
        close(sales, note, reason=None)
    assert "reason" in info.value.fields

    close(sales, note)
    assert note.state == DocState.CLOSED and note.close_reason == "客户只要6瓶"
    assert note.lines[0].qty_closed == D(4)
    assert stock_of(product, wh) == (D(94), D(0))
    assert order.lines[0].qty_delivered == D(6) and order.fulfilment == "partly_delivered"
    progress = order_progress(sales.db, order)[0]
    assert (progress.delivered, progress.shipped, progress.to_deliver) == (D(6), D(6), D(4))
    assert check_order_progress(sales.db) == []
    assert "close" in [entry.action for entry in history_of(sales.db, "delivery_note", note.id)]

    with pytest.raises(Conflict) as info:
        sales.ship(note)  # a closed note ships nothing more
    assert info.value.code == "upstream_not_approved"
    again = sales.deliver(order)  # the order delivers the rest on a new note
    assert again.lines[0].qty_base == D(4)
    assert stock_of(product, wh) == (D(94), D(4)) and order.lines[0].qty_delivered == D(10)
    assert check_order_progress(sales.db) == []


def test_the_shipped_part_of_a_closed_note_is_invoiced(sales, make_customer, stocked):
    _product, order, note, outbound = _part_shipped(sales, make_customer, stocked)
    close(sales, note)
    invoice = sales.invoice([outbound])
    assert invoice.lines[0].qty_base == D(6) and invoice.total_gross == D("60.00")
    assert order.lines[0].qty_invoiced == D(6)


def test_closing_is_refused_while_an_outbound_waits_for_approval(sales, make_customer, stocked, wh, stock_of):
    product = stocked(100)
    note = sales.deliver(sales.order(make_customer(), [line(product, 10)]))
    draft = sales.ship(note, [{"origin_line_id": note.lines[0].id, "qty": D(3)}], approve=False)
    with pytest.raises(Conflict) as info:
        close(sales, note)
    assert info.value.code == "outbound_waiting" and "销售出库单" in str(info.value)
    assert note.state == DocState.APPROVED and stock_of(product, wh) == (D(100), D(10))
    outbound_services.approve_outbound(sales.db, sales.people["keeper"], draft.id)
    close(sales, note)
    assert note.lines[0].qty_closed == D(7) and stock_of(product, wh) == (D(97), D(0))


def test_a_note_nothing_was_shipped_from_gives_everything_back(sales, make_customer, stocked, wh, stock_of):
    product = stocked(100)
    order = sales.order(make_customer(), [line(product, 10)])
    note = sales.deliver(order)
    close(sales, note)
    assert note.lines[0].qty_closed == D(10) and order.lines[0].qty_delivered == D(0)
    assert stock_of(product, wh) == (D(100), D(0))
    orders.close_order(sales.db, sales.people["manager"], order.id, "不要了")  # and the order can be closed short
    assert order.state == DocState.CLOSED


def test_only_an_approved_note_is_closed(sales, make_customer, stocked):
    product = stocked(100)
    note = sales.deliver(sales.order(make_customer(), [line(product, 10)]), approve=False)
    with pytest.raises(InvalidTransition):
        close(sales, note)


def test_an_outbound_of_a_closed_note_cannot_be_unapproved(sales, make_customer, stocked, wh, stock_of):
    product, _order, note, outbound = _part_shipped(sales, make_customer, stocked)
    close(sales, note)
    with pytest.raises(Conflict) as info:
        outbound_services.unapprove_outbound(sales.db, sales.people["keeper"], outbound.id)
    assert info.value.code == "origin_closed" and note.number in str(info.value)
    assert outbound.state == DocState.APPROVED and stock_of(product, wh) == (D(94), D(0))

    delivery.reopen_delivery_note(sales.db, sales.people["clerk"], note.id)
    outbound_services.unapprove_outbound(sales.db, sales.people["keeper"], outbound.id)
    assert stock_of(product, wh) == (D(100), D(10))  # the goods are back and held for the note again


def test_reopening_holds_the_rest_again(sales, make_customer, stocked, wh, stock_of):
    product, order, note, _outbound = _part_shipped(sales, make_customer, stocked)
    close(sales, note)
    delivery.reopen_delivery_note(sales.db, sales.people["clerk"], note.id)
    assert note.state == DocState.APPROVED and note.close_reason is None
    assert note.lines[0].qty_closed == D(0)
    assert stock_of(product, wh) == (D(94), D(4)) and order.lines[0].qty_delivered == D(10)
    rest = sales.ship(note)
    assert rest.lines[0].qty_base == D(4) and stock_of(product, wh) == (D(90), D(0))
    assert check_order_progress(sales.db) == []


def test_reopening_is_refused_once_the_order_delivered_the_rest_on_another_note(sales, make_customer, stocked, wh,
                                                                                 stock_of):
    product, order, note, _outbound = _part_shipped(sales, make_customer, stocked)
    close(sales, note)
    sales.deliver(order)
    with pytest.raises(Conflict) as info:
        delivery.reopen_delivery_note(sales.db, sales.people["clerk"], note.id)
    assert info.value.code == "over_delivery"
    assert note.state == DocState.CLOSED and stock_of(product, wh) == (D(94), D(4))


def test_reopening_is_refused_when_the_stock_is_gone(sales, make_customer, stocked, wh, stock_of):
    product, _order, note, _outbound = _part_shipped(sales, make_customer, stocked, stock=10)
    close(sales, note)
    other = sales.ship(sales.deliver(sales.order(make_customer(), [line(product, 3)])))
    assert other.state == DocState.APPROVED and stock_of(product, wh) == (D(1), D(0))
    with pytest.raises(InsufficientStock):
        delivery.reopen_delivery_note(sales.db, sales.people["clerk"], note.id)


def test_closing_and_reopening_through_the_api(api, people, sales, make_customer, stocked, wh, stock_of):
    product, order, note, outbound = _part_shipped(sales, make_customer, stocked)
    clerk = api(people["clerk"])
    refused = clerk.post(f"/api/v1/delivery-notes/{note.id}/close", json={})
    assert refused.status_code == 422 and "reason" in refused.get_json()["error"]["fields"]
    closed = clerk.post(f"/api/v1/delivery-notes/{note.id}/close", json={"reason": "客户只要6瓶"})
    assert closed.status_code == 200, closed.get_json()
    body = closed.get_json()
    assert body["state"] == "closed" and body["lines"][0]["qty_closed"] == "4.0000"
    assert stock_of(product, wh) == (D(94), D(0))
    unapprove = api(people["keeper"]).post(f"/api/v1/outbounds/{outbound.id}/unapprove", json={})
    assert unapprove.status_code == 409 and unapprove.get_json()["error"]["code"] == "origin_closed"
    reopened = clerk.post(f"/api/v1/delivery-notes/{note.id}/reopen")
    assert reopened.status_code == 200 and reopened.get_json()["state"] == "approved"
    assert stock_of(product, wh) == (D(94), D(4))


def test_the_note_page_closes_with_a_reason_and_shows_what_was_given_up(client, login, sales, make_customer,
                                                                      stocked):
    _product, _order, note, _outbound = _part_shipped(sales, make_customer, stocked)
    login(sales.people["clerk"])
    html = client.get(f"/delivery-notes/{note.id}").get_data(as_text=True)
    assert 'data-verb="close"' in html
    response = client.post(f"/delivery-notes/{note.id}/close", data={"reason": "客户只要6瓶"})
    assert response.status_code == 302
    html = client.get(f"/delivery-notes/{note.id}").get_data(as_text=True)
    assert "客户只要6瓶" in html and 'data-verb="reopen"' in html
    assert "4 瓶" in html  # the closed, not shipped quantity beside the line


def test_closing_a_note_and_unapproving_its_outbound_at_the_same_moment(fresh_sessions):
    """Either the note closes (the outbound stays approved) or the outbound goes back to
    draft (the note stays open, then refuses to close): never a closed note with its goods
    held again, whichever runs first."""
    from sqlalchemy import select

    from erp.sales.orders import services as order_services
    from inventory.stock.models import StockBalance
    from inventory.stock_ins import services as stock_ins
    from tests import factories
    from tests.clerks import race

    with fresh_sessions() as s:
        clerk, manager, keeper = (factories.user(s, (role,)) for role in ("sales_clerk", "sales_manager", "warehouse"))
        wh = factories.warehouse(s)
        product = factories.product(s)
        doc = stock_ins.create_stock_in(s, keeper, {"warehouse_id": wh.id, "reason": "opening", "lines": [
            {"product_id": product.id, "qty": D(100), "unit_cost": D("5.00")}]})
        stock_ins.approve_stock_in(s, keeper, doc.id)
        order = order_services.create_order(s, clerk, {"customer_id": factories.customer(s).id,
                                                       "warehouse_id": wh.id, "lines": [line(product, 10)]})
        order_services.approve_order(s, manager, order.id)
        note = delivery.make_delivery_note(s, clerk, order.id, {})
        delivery.approve_delivery_note(s, clerk, note.id)
        from erp.sales.delivery import outbounds as making

        outbound = making.make_outbound(s, keeper, note.id, {"lines": [
            {"origin_line_id": note.lines[0].id, "qty": D(6)}]})
        outbound_services.approve_outbound(s, keeper, outbound.id)
        s.commit()
        ids = (clerk.id, keeper.id, note.id, outbound.id, order.lines[0].id, product.id)
    clerk_id, keeper_id, note_id, outbound_id, order_line_id, product_id = ids

    outcomes = race(fresh_sessions, [
        (clerk_id, lambda s, actor: delivery.close_delivery_note(s, actor, note_id, "不要了")),
        (keeper_id, lambda s, actor: outbound_services.unapprove_outbound(s, actor, outbound_id)),
    ])
    assert outcomes in (["origin_closed", "won"], ["outbound_waiting", "won"])
    with fresh_sessions() as s:
        from erp.sales.delivery.models import DeliveryNote
        from erp.sales.orders.models import SalesOrderLine
        from inventory.outbounds.models import Outbound

        note, outbound = s.get(DeliveryNote, note_id), s.get(Outbound, outbound_id)
        reserved = s.scalar(select(StockBalance.reserved).where(StockBalance.product_id == product_id))
        delivered = s.get(SalesOrderLine, order_line_id).qty_delivered
        if note.state == DocState.CLOSED:  # the close won: 6 shipped, nothing held
            assert (outbound.state, reserved, delivered) == (DocState.APPROVED, D(0), D(6))
        else:  # the unapprove won: all 10 held for the open note again
            assert (outbound.state, reserved, delivered) == (DocState.DRAFT, D(10), D(10))
        assert check_order_progress(s) == []
