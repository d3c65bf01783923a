"""Orders to deliver (待发货): the lines of approved orders not yet on a delivery note, the
earliest promised first, with what the warehouse has available and what it lacks."""
from __future__ import annotations

from decimal import Decimal as D

from erp.sales.delivery import services as delivery
from erp.sales.orders import backlog
from erp.sales.orders import services as orders
from tests.sales.conftest import days, line


def rows_of(sales, actor=None, **filters):
    return [(r.order_number, r.sku, r.ordered, r.delivered, r.to_deliver, r.available, r.short)
            for r in backlog.undelivered_lines(sales.db, actor or sales.people["clerk"], **filters)]


def test_what_is_left_to_deliver_the_earliest_promised_first(sales, make_customer, stocked, make_tracked, receive,
                                                            wh):
    water = stocked(100)
    milk = make_tracked()
    receive(milk, wh, 20)
    shop, bar = make_customer(), make_customer()
    later = sales.order(shop, [line(water, 10), line(milk, 5)], delivery_date=days(5))
    sooner = sales.order(bar, [line(milk, 30)], delivery_date=days(1))
    sales.deliver(later, [{"origin_line_id": later.lines[0].id, "qty": D(4)}])
    sales.order(shop, [line(water, 7)], approve=False)  # a draft waits for nothing
    rows = rows_of(sales)
    # water: 100 on hand, 4 held for the note → 96 available; milk: 20 for 30 + 5 wanted.
    assert rows == [(sooner.number, milk.sku, D(30), D(0), D(30), D(20), D(10)),
                    (later.number, water.sku, D(10), D(4), D(6), D(96), D(0)),
                    (later.number, milk.sku, D(5), D(0), D(5), D(20), D(0))]
    assert [r[0] for r in rows_of(sales, due_by=days(2))] == [sooner.number]
    assert [r[0] for r in rows_of(sales, q=bar.name)] == [sooner.number]
    assert {r[0] for r in rows_of(sales, customer_id=shop.id)} == {later.number}

    delivery.make_delivery_note(sales.db, sales.people["clerk"], sooner.id, {})  # a draft note takes it
    assert [r[0] for r in rows_of(sales)] == [later.number, later.number]
    orders.close_order(sales.db, sales.people["manager"], later.id, "客户取消")
    assert rows_of(sales) == []


def test_a_closed_note_puts_what_it_did_not_ship_back_on_the_list(sales, make_customer, stocked):
    product = stocked(100)
    order = sales.order(make_customer(), [line(product, 10)])
    note = sales.deliver(order)
    sales.ship(note, [{"origin_line_id": note.lines[0].id, "qty": D(6)}])
    assert rows_of(sales) == []
    delivery.close_delivery_note(sales.db, sales.people["clerk"], note.id, "只要6瓶")
    assert rows_of(sales) == [(order.number, product.sku, D(10), D(6), D(4), D(94), D(0))]


def test_a_keeper_of_one_warehouse_sees_its_orders_only(sales, make_customer, stocked, make_user, make_warehouse):
    product = stocked(100)
    order = sales.order(make_customer(), [line(product, 10)])
    other = make_user("warehouse", warehouse_ids=[make_warehouse().id])
    mine = make_user("warehouse", warehouse_ids=[sales.wh.id])
    assert rows_of(sales, other) == [] and [r[0] for r in rows_of(sales, mine)] == [order.number]


def test_the_list_through_the_api_the_download_and_the_page(api, login, sales, make_customer, stocked):
    product = stocked(100)
    order = sales.order(make_customer(), [line(product, 2, "case")], delivery_date=days(3))
    clerk = api(sales.people["clerk"])
    body = clerk.get("/api/v1/sales-orders/to-deliver").get_json()
    assert [(r["order_number"], r["to_deliver"], r["available"], r["short"]) for r in body["rows"]] == [
        (order.number, "48.0000", "100.0000", "0.0000")]
    assert clerk.get("/api/v1/sales-orders/to-deliver?due_by=not-a-date").status_code == 422
    csv = clerk.get("/api/v1/sales-orders/to-deliver?format=csv")
    header, row = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()[:2]
    assert header.split(",") == ["销售订单", "交货日期", "客户", "仓库", "商品编码", "商品", "单位", "订货数量", "发货数量",
                                 "待发货数量", "可用量", "缺货数量"]
    assert row.split(",")[0] == order.number and row.split(",")[-3:] == ["48", "100", "0"]
    html = login(sales.people["clerk"]).get("/sales-orders/to-deliver").get_data(as_text=True)
    assert order.number in html and f'/sales-orders/{order.id}#make-delivery-note' in html
    assert login(sales.people["clerk"]).get("/sales-orders/to-deliver?due_by=x").status_code == 422
