"""The sales pages: lists, forms that show each error beside its field, document pages
with the chain linked both ways, and the downstream documents made from them."""
from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from erp.sales.delivery.models import DeliveryNote
from erp.sales.invoices.models import SalesInvoice
from erp.sales.orders.models import SalesOrder
from tests.sales.conftest import line


def test_every_sales_page_renders_for_a_whole_chain(client, login, make_user, sales, make_customer, stocked):
    product = stocked()
    quote = sales.quote(make_customer(), [line(product, 24)])
    from erp.sales.quotes import services as quotes

    quotes.approve_quote(sales.db, sales.people["clerk"], quote.id)
    order = sales.order_from_quote(quote)
    from erp.sales.orders import services as orders

    orders.approve_order(sales.db, sales.people["clerk"], order.id)
    note = sales.deliver(order)
    outbound = sales.ship(note)
    invoice = sales.invoice([outbound])
    back = sales.give_back(outbound, [{"origin_line_id": outbound.lines[0].id, "qty": D(4)}])
    [credit] = sales.credit(back)
    login(make_user("admin"))
    for url in ("/quotes/", "/sales-orders/", "/delivery-notes/", "/invoices/", "/sales-returns/", "/credit-notes/",
                "/quotes/new", "/sales-orders/new", "/invoices/new", f"/invoices/new?customer_id={order.customer_id}",
                f"/sales-returns/new/{outbound.id}", f"/quotes/{quote.id}", f"/sales-orders/{order.id}",
                f"/delivery-notes/{note.id}", f"/invoices/{invoice.id}", f"/sales-returns/{back.id}",
                f"/credit-notes/{credit.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(f"/invoices/{invoice.id}").get_data(as_text=True)
    assert "贰佰肆拾元整" in html  # 24 × 10.00
    for doc in (quote, order, note, outbound, credit):  # the chain, linked both ways
        assert f"/documents/{doc.__doc_type__}/{doc.id}" in html
    html = client.get(f"/sales-orders/{order.id}").get_data(as_text=True)
    assert f"/documents/sales_invoice/{invoice.id}" in html and f"/documents/credit_note/{credit.id}" in html


def test_a_clerk_enters_an_order_by_form_and_sees_line_errors_beside_the_line(client, login, people, make_customer,
                                                                             stocked, wh, db):
    login(people["clerk"])
    customer, product = make_customer(), stocked()
    response = client.post("/sales-orders/new", data={"customer_id": str(customer.id), "warehouse_id": str(wh.id),
                                                      "price_includes_vat": "on", "lines-0-product_id": str(product.id),
                                                      "lines-0-qty": "abc"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "不是有效的数字" in html and 'data-field="lines.0.qty"' in html
    response = client.post("/sales-orders/new", data={
        "customer_id": str(customer.id), "warehouse_id": str(wh.id), "price_includes_vat": "on",
        "lines-0-product_id": str(product.id), "lines-0-unit_id": str(product.case_packing.unit_id),
        "lines-0-qty": "2", "lines-1-product_id": str(product.id), "lines-1-qty": "3", "lines-1-discount_pct": "10"})
    assert response.status_code == 302, response.get_data(as_text=True)
    order = db.scalars(select(SalesOrder).order_by(SalesOrder.id.desc())).first()
    assert [(li.qty, li.unit.name, li.discount_rate) for li in order.lines] == [(D(2), "箱", D(0)),
                                                                               (D(3), "瓶", D("0.1"))]
    assert order.total_gross == D("480.00") + D("27.00")


def test_delivery_note_outbound_and_invoice_are_made_from_the_pages(client, login, make_user, sales, make_customer,
                                                                    stocked, db):
    product = stocked()
    order = sales.order(make_customer(), [line(product, 2, "case")])
    login(make_user("admin"))
    html = client.get(f"/sales-orders/{order.id}").get_data(as_text=True)
    assert 'id="make-delivery-note"' in html and 'value="2"' in html
    response = client.post(f"/sales-orders/{order.id}/delivery-notes", data={
        "lines-0-origin_line_id": str(order.lines[0].id), "lines-0-qty": "1",
        "lines-0-unit_id": str(product.case_packing.unit_id)})
    assert response.status_code == 302
    note = db.scalars(select(DeliveryNote).where(DeliveryNote.order_id == order.id)).one()
    assert note.lines[0].qty_base == D(24)
    assert client.post(f"/delivery-notes/{note.id}/approve").status_code == 302
    response = client.post(f"/delivery-notes/{note.id}/outbounds", data={
        "lines-0-origin_line_id": str(note.lines[0].id), "lines-0-qty": "1",
        "lines-0-unit_id": str(product.case_packing.unit_id)})
    assert response.status_code == 302 and "/inventory/outbounds/" in response.location
    outbound = note.downstream_documents(db)[0]
    assert client.post(f"/inventory/outbounds/{outbound.id}/approve").status_code == 302
    response = client.post(f"/invoices/from-outbound/{outbound.id}")
    assert response.status_code == 302
    invoice = db.scalars(select(SalesInvoice).order_by(SalesInvoice.id.desc())).first()
    assert invoice.total_gross == D("240.00")
    response = client.post(f"/sales-orders/{order.id}/delivery-notes", data={
        "lines-0-origin_line_id": str(order.lines[0].id), "lines-0-qty": "0"})
    assert response.status_code == 422  # zero everywhere is not "all that remains"


def test_a_quote_is_entered_with_the_same_form_and_becomes_an_order_from_its_page(client, login, people,
                                                                                  make_customer, stocked, wh, db):
    from erp.sales.quotes.models import Quote

    login(people["clerk"])
    customer, product = make_customer(), stocked()
    response = client.post("/quotes/new", data={"customer_id": str(customer.id), "price_includes_vat": "on",
                                                "lines-0-product_id": str(product.id), "lines-0-qty": "12",
                                                "lines-0-unit_price": "9.50"})
    assert response.status_code == 302, response.get_data(as_text=True)
    quote = db.scalars(select(Quote).order_by(Quote.id.desc())).first()
    assert quote.total_gross == D("114.00") and quote.lines[0].price_source == "手工价格"
    assert client.post(f"/quotes/{quote.id}/approve").status_code == 302
    html = client.get(f"/quotes/{quote.id}").get_data(as_text=True)
    assert 'id="make-order"' in html
    response = client.post(f"/quotes/{quote.id}/sales-orders", data={
        "lines-0-origin_line_id": str(quote.lines[0].id), "lines-0-qty": "12",
        "lines-0-unit_id": str(product.base_unit_id)})
    assert response.status_code == 302
    order = db.scalars(select(SalesOrder).where(SalesOrder.quote_id == quote.id)).one()
    assert order.total_gross == D("114.00") and order.warehouse_id == wh.id
