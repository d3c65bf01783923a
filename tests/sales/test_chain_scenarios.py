"""The sales chain as order service staff live it, through the services: partial deliveries,
several orders on one invoice, returns with credit notes, FEFO, and the numbers a user
would check."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from erp.documents.base import DocState
from erp.errors import Conflict, DownstreamExists, ValidationFailed
from erp.money import amount_in_words
from erp.sales.delivery import services as delivery
from erp.sales.invoices import services as invoices
from erp.sales.orders import services as orders
from erp.sales.orders.progress import order_progress
from inventory.outbounds import services as outbound_services
from tests.sales.conftest import days, line


def test_partial_delivery_4_then_6_and_one_invoice_for_both(sales, make_customer, stocked, wh, stock_of):
    customer = make_customer()
    product = stocked(240)
    order = sales.order(customer, [line(product, 10, "case")])
    assert order.state == DocState.APPROVED and order.total_gross == D("2400.00")

    first = sales.deliver(order, [{"origin_line_id": order.lines[0].id, "qty": D(4)}])
    assert first.lines[0].qty == D(4) and first.lines[0].qty_base == D(96)
    assert order.fulfilment == "partly_delivered"
    assert stock_of(product, wh) == (D(240), D(96))
    second = sales.deliver(order)  # all that remains: 6 cases
    assert second.lines[0].qty == D(6)
    assert order.fulfilment == "delivered"
    with pytest.raises(Conflict) as info:
        sales.deliver(order)  # running it again creates nothing
    assert info.value.code == "nothing_remains"

    out1, out2 = sales.ship(first), sales.ship(second)
    assert stock_of(product, wh) == (D(0), D(0))
    progress = order_progress(sales.db, order)[0]
    assert (progress.delivered, progress.shipped, progress.invoiced) == (D(240), D(240), D(0))

    invoice = sales.invoice([out1, out2])
    assert [(li.qty, li.unit.name) for li in invoice.lines] == [(D(4), "箱"), (D(6), "箱")]
    assert invoice.total_gross == D("2400.00") and invoice.amount_open == D("2400.00")
    assert invoice.total_net + invoice.total_tax == invoice.total_gross
    assert invoice.number.startswith("XSFP")
    assert amount_in_words(invoice.total_gross) == "贰仟肆佰元整"
    assert order.fulfilment == "invoiced"
    assert [li.qty_invoiced for li in out1.lines + out2.lines] == [D(4), D(6)]
    with pytest.raises(Conflict):
        sales.invoice([out1])  # nothing left to invoice


def test_two_orders_of_one_customer_are_invoiced_together(sales, make_customer, stocked):
    customer = make_customer()
    water, juice = stocked(), stocked(list_price=D("6.50"))
    first = sales.order(customer, [line(water, 2, "case")])
    second = sales.order(customer, [line(juice, 30)])
    outbounds = [sales.ship(sales.deliver(o)) for o in (first, second)]
    invoice = sales.invoice(outbounds)
    assert invoice.total_gross == D("480.00") + D("195.00")
    assert {li.order_line_id for li in invoice.lines} == {first.lines[0].id, second.lines[0].id}
    assert first.fulfilment == second.fulfilment == "invoiced"


def test_another_customers_outbound_cannot_join_the_invoice(sales, make_customer, stocked):
    product = stocked()
    mine = sales.ship(sales.deliver(sales.order(make_customer(), [line(product, 5)])))
    theirs = sales.ship(sales.deliver(sales.order(make_customer(), [line(product, 5)])))
    with pytest.raises(Conflict) as info:
        sales.invoice([mine, theirs])
    assert info.value.code == "other_customer" and theirs.customer.name in str(info.value)


def test_an_invoice_covers_only_shipped_quantities(sales, make_customer, stocked):
    product = stocked()
    order = sales.order(make_customer(), [line(product, 10)])
    note = sales.deliver(order)
    draft = sales.ship(note, approve=False)
    with pytest.raises(Conflict) as info:
        sales.invoice([draft])
    assert info.value.code == "not_shipped"
    outbound_services.approve_outbound(sales.db, sales.people["keeper"], draft.id)
    with pytest.raises(ValidationFailed) as info:
        sales.invoice([draft], [{"origin_line_id": draft.lines[0].id, "qty": D(11)}])
    assert "only 10" in str(info.value)


def test_return_2_of_10_with_a_credit_note_and_stock_back_in_the_chosen_batch(
        sales, make_customer, make_tracked, receive, wh, stock_of):
    customer = make_customer()
    product = make_tracked()
    batch = receive(product, wh, 10, "4.00", expiry_date=days(200))
    other = receive(product, wh, 5, "4.00", expiry_date=days(250))
    order, note, outbound, invoice = sales.full_chain(customer, [line(product, 10)])
    assert outbound.lines[0].allocations[0].batch_id == batch.id
    assert stock_of(product, wh, batch) == (D(0), D(0))

    with pytest.raises(ValidationFailed) as info:
        sales.give_back(outbound, [{"origin_line_id": outbound.lines[0].id, "qty": D(11)}])
    assert "only 10" in str(info.value)
    back = sales.give_back(outbound, [{"origin_line_id": outbound.lines[0].id, "qty": D(2), "batch_id": other.id}],
                           reason="破损")
    assert stock_of(product, wh, other) == (D(7), D(0))
    assert back.lines[0].cost_value == D("8.00")
    assert outbound.lines[0].qty_returned == D(2) and order.lines[0].qty_returned == D(2)

    [credit] = sales.credit(back)
    assert credit.invoice_id == invoice.id and credit.total_gross == D("20.00")
    assert invoice.amount_open == D("80.00")
    assert outbound.lines[0].qty_invoiced == D(8) and order.lines[0].qty_invoiced == D(8)
    with pytest.raises(Conflict):
        sales.credit(back)  # nothing left to credit
    with pytest.raises(DownstreamExists):
        invoices.unapprove_invoice(sales.db, sales.people["finance"], invoice.id)


def test_fefo_takes_the_earliest_expiry_first_across_two_batches(sales, make_customer, make_tracked, receive, wh):
    product = make_tracked()
    later = receive(product, wh, 30, expiry_date=days(300))
    sooner = receive(product, wh, 20, expiry_date=days(100))
    outbound = sales.ship(sales.deliver(sales.order(make_customer(), [line(product, 30)])))
    assert [(a.batch_id, a.qty) for a in outbound.lines[0].allocations] == [(sooner.id, D(20)), (later.id, D(10))]
    assert outbound.lines[0].cost_value == D("150.00")


def test_fefo_skips_batches_too_close_to_expiry_for_the_customer(sales, make_customer, make_tracked, receive, wh):
    product = make_tracked()
    receive(product, wh, 20, expiry_date=days(10))
    fresh = receive(product, wh, 20, expiry_date=days(200))
    customer = make_customer(min_remaining_shelf_days=30)
    outbound = sales.ship(sales.deliver(sales.order(customer, [line(product, 15)])))
    assert [a.batch_id for a in outbound.lines[0].allocations] == [fresh.id]


def test_the_warehouse_may_override_fefo_with_its_own_batch(sales, make_customer, make_tracked, receive, wh):
    product = make_tracked()
    receive(product, wh, 20, expiry_date=days(100))
    chosen = receive(product, wh, 20, expiry_date=days(300))
    note = sales.deliver(sales.order(make_customer(), [line(product, 5)]))
    outbound = sales.ship(note, [{"origin_line_id": note.lines[0].id, "qty": D(5), "batch_id": chosen.id}])
    assert [(a.batch_id, a.manual) for a in outbound.lines[0].allocations] == [(chosen.id, True)]


def test_shipping_other_batches_than_held_releases_the_hold_in_the_held_batch(sales, make_customer, make_tracked,
                                                                               receive, wh, stock_of):
    product = make_tracked()
    early = receive(product, wh, 20, expiry_date=days(100))
    chosen = receive(product, wh, 20, expiry_date=days(300))
    note = sales.deliver(sales.order(make_customer(), [line(product, 10)]))
    assert stock_of(product, wh, early) == (D(20), D(10))  # FEFO held the early batch
    outbound = sales.ship(note, [{"origin_line_id": note.lines[0].id, "qty": D(6), "allocations": [
        {"batch_id": early.id, "qty": D(2)}, {"batch_id": chosen.id, "qty": D(4)}]}])
    # 2 released where they were issued, 4 more from the early batch's hold: 4 stay held
    assert outbound.lines[0].reservation_consumed == D(6)
    assert stock_of(product, wh, early) == (D(18), D(4))
    assert stock_of(product, wh, chosen) == (D(16), D(0))
    rest = sales.ship(note)
    assert rest.lines[0].reservation_consumed == D(4) and stock_of(product, wh) == (D(30), D(0))


def test_unapprove_is_refused_with_a_downstream_document_and_allowed_after_it_is_deleted(
        sales, make_customer, stocked, wh, stock_of):
    product = stocked(100)
    order = sales.order(make_customer(), [line(product, 10)])
    note = sales.deliver(order)
    outbound = sales.ship(note, approve=False)
    with pytest.raises(DownstreamExists) as info:
        delivery.unapprove_delivery_note(sales.db, sales.people["clerk"], note.id)
    assert "销售出库单" in str(info.value)
    with pytest.raises(DownstreamExists) as info:
        orders.unapprove_order(sales.db, sales.people["manager"], order.id)
    assert note.__doc_label__[0] in str(info.value)
    outbound_services.delete_outbound(sales.db, sales.people["keeper"], outbound.id)
    delivery.unapprove_delivery_note(sales.db, sales.people["clerk"], note.id)
    assert stock_of(product, wh) == (D(100), D(0))
    assert order.lines[0].qty_delivered == D(0)
    delivery.delete_delivery_note(sales.db, sales.people["clerk"], note.id)
    orders.unapprove_order(sales.db, sales.people["manager"], order.id)
    assert order.state == DocState.DRAFT


def test_an_order_closed_short_takes_no_more_delivery_notes(sales, make_customer, stocked):
    product = stocked()
    order = sales.order(make_customer(), [line(product, 10)])
    sales.deliver(order, [{"origin_line_id": order.lines[0].id, "qty": D(4)}])
    with pytest.raises(ValidationFailed):
        orders.close_order(sales.db, sales.people["manager"], order.id)  # a reason is required
    orders.close_order(sales.db, sales.people["manager"], order.id, "客户不要了")
    assert order.fulfilment == "closed" and order.close_reason == "客户不要了"
    with pytest.raises(Conflict) as info:
        sales.deliver(order)
    assert info.value.code == "upstream_not_approved"
