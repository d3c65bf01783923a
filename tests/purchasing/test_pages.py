"""The purchaser's pages through the test client: the menu, order entry with errors shown
beside their fields, receiving from the order's page, labels and returns from the
receipt's page, the suggestion page."""
from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from purchasing.orders.models import PurchaseOrder
from purchasing.receipts.models import GoodsReceipt
from purchasing.returns.models import PurchaseReturn
from tests.purchasing.conftest import days, line


def test_the_purchasing_menu_shows_what_a_purchaser_may_open(login, purchaser):
    page = login(purchaser).get("/purchasing/orders/").get_data(as_text=True)
    for label in ("采购订单", "采购入库单", "采购退货单", "采购建议"):
        assert label in page


def test_a_purchaser_enters_an_order_in_cases_on_the_page(db, login, purchaser, supplier, wh, make_product):
    beer = make_product(name="青岛啤酒 500ml", case_factor=12)
    client = login(purchaser)
    form = client.get("/purchasing/orders/new")
    assert form.status_code == 200 and "order_entry.js" in form.get_data(as_text=True)
    response = client.post("/purchasing/orders/new", data={
        "supplier_id": supplier.id, "warehouse_id": wh.id, "price_includes_vat": "on",
        "expected_date": days(2).isoformat(),
        "lines-0-product_id": beer.id, "lines-0-unit_id": beer.case_packing.unit_id, "lines-0-qty": "20",
        "lines-0-unit_price": "54.00", "lines-1-product_id": "", "lines-1-qty": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    order = db.scalar(select(PurchaseOrder))
    assert order.lines[0].qty_base == D(240) and order.total_gross == D("1080.00")
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "青岛啤酒" in detail and "1,080.00" in detail and "壹仟零捌拾元整" in detail


def test_an_order_form_with_errors_is_shown_again_with_each_message_beside_its_field(
        db, login, purchaser, supplier, wh, make_product):
    item = make_product()
    response = login(purchaser).post("/purchasing/orders/new", data={
        "supplier_id": supplier.id, "warehouse_id": wh.id,
        "lines-0-product_id": item.id, "lines-0-qty": "2", "lines-0-vat_rate": "0.17", "lines-0-unit_price": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="lines.0.vat_rate"' in page
    assert item.name in page  # the line keeps its product
    assert db.scalars(select(PurchaseOrder)).all() == []


def test_approve_receive_and_return_from_the_document_pages(db, login, purchaser, keeper, make_tracked, make_order):
    juice = make_tracked(name="美汁源果粒橙 1.25L")
    order = make_order([line(juice, 12, "6.50")], approve=False)
    client = login(purchaser)
    assert client.post(f"/purchasing/orders/{order.id}/approve").status_code == 302
    db.refresh(order)
    assert order.state.value == "approved"

    client = login(keeper)
    detail = client.get(f"/purchasing/orders/{order.id}").get_data(as_text=True)
    assert f"/purchasing/receipts/new?order_id={order.id}" in detail
    form = client.get(f"/purchasing/receipts/new?order_id={order.id}")
    assert form.status_code == 200 and "lines-0-batch_no" in form.get_data(as_text=True)
    missing = client.post(f"/purchasing/receipts/new?order_id={order.id}", data={
        "warehouse_id": order.warehouse_id, "lines-0-origin_line_id": order.lines[0].id, "lines-0-qty": "12",
        "lines-0-unit_id": juice.base_unit_id, "lines-0-batch_no": "G1"})
    assert missing.status_code == 422 and 'data-field="lines.0.expiry_date"' in missing.get_data(as_text=True)
    saved = client.post(f"/purchasing/receipts/new?order_id={order.id}", data={
        "warehouse_id": order.warehouse_id, "lines-0-origin_line_id": order.lines[0].id, "lines-0-qty": "12",
        "lines-0-unit_id": juice.base_unit_id, "lines-0-batch_no": "G1",
        "lines-0-expiry_date": days(90).isoformat()})
    assert saved.status_code == 302
    receipt = db.scalar(select(GoodsReceipt))
    assert client.post(f"/purchasing/receipts/{receipt.id}/approve").status_code == 302
    page = client.get(f"/purchasing/receipts/{receipt.id}").get_data(as_text=True)
    assert f"/api/v1/goods-receipts/{receipt.id}/labels/pdf?kind=case" in page
    assert order.label in page  # the chain names the order
    back = client.get(f"/purchasing/returns/new?receipt_id={receipt.id}")
    assert back.status_code == 200
    sent = client.post(f"/purchasing/returns/new?receipt_id={receipt.id}", data={
        "reason": "包装破损", "lines-0-origin_line_id": receipt.lines[0].id, "lines-0-qty": "2",
        "lines-0-unit_id": juice.base_unit_id, "lines-0-batch_id": receipt.lines[0].batch_id})
    assert sent.status_code == 302
    returned = db.scalar(select(PurchaseReturn))
    assert client.post(f"/purchasing/returns/{returned.id}/approve").status_code == 302
    page = client.get(f"/purchasing/returns/{returned.id}").get_data(as_text=True)
    assert receipt.number in page and order.number in page
    unapprove = client.post(f"/purchasing/receipts/{receipt.id}/unapprove", data={"reason": "x"})
    assert unapprove.status_code == 409


def test_the_suggestion_page_makes_draft_orders(db, login, purchaser, supplier, wh, make_product):
    make_product(name="立白洗衣粉", reorder_point=D(6), max_stock=D(24), preferred_supplier_id=supplier.id,
                 case_factor=None)
    client = login(purchaser)
    page = client.get("/purchasing/suggestions/").get_data(as_text=True)
    assert "立白洗衣粉" in page and supplier.name in page
    response = client.post("/purchasing/suggestions/orders", data={"warehouse_id": wh.id, "all_warehouses": "true"})
    assert response.status_code == 302
    order = db.scalar(select(PurchaseOrder))
    assert order.state.value == "draft" and order.lines[0].qty == D(24)


def test_lists_search_by_number_or_supplier(db, login, purchaser, supplier, make_product, make_order):
    order = make_order([line(make_product(), 1)])
    client = login(purchaser)
    assert order.number in client.get(f"/purchasing/orders/?q={supplier.name[:4]}").get_data(as_text=True)
    assert order.number not in client.get("/purchasing/orders/?q=nothing-like-it").get_data(as_text=True)
    assert client.get("/purchasing/receipts/?state=draft").status_code == 200
    assert client.get("/purchasing/returns/").status_code == 200
