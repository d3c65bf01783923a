"""The sales pages: lists, forms that show each error beside its field, document pages
with the chain linked both ways, and the downstream documents made from them."""
from __future__ import annotations

import re
from decimal import Decimal as D
from html import unescape

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
    for lang in ("zh_Hans_CN", "en"):  # the credit note's capitals read negative, in Chinese on either page
        page = client.get(f"/credit-notes/{credit.id}?lang={lang}").get_data(as_text=True)
        assert "<dd>负肆拾元整</dd>" in page and "minus" not in page  # 4 × 10.00


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
    for typed in ("99999999999999999999", "²"):  # shown again with its errors, not looked up in the database
        response = client.post("/sales-orders/new", data={"customer_id": typed, "warehouse_id": str(wh.id),
                                                          "lines-0-product_id": typed, "lines-0-qty": "1"})
        assert response.status_code == 422, typed
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


def _visible(html: str) -> str:
    """The text a user reads: no scripts, no tags, whitespace collapsed."""
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_a_wrong_discount_is_shown_beside_its_line_on_the_order_and_quote_forms(client, login, people,
                                                                             make_customer, stocked, wh):
    login(people["clerk"])
    customer, product = make_customer(), stocked()
    for url, header in (("/sales-orders/new", {"warehouse_id": str(wh.id)}), ("/quotes/new", {})):
        for typed, message in (("150", "不能大于 100"), ("abc", "不是有效的数字"), ("-5", "不能小于 0")):
            response = client.post(url, data={"customer_id": str(customer.id), "price_includes_vat": "on", **header,
                                              "lines-0-product_id": str(product.id), "lines-0-qty": "2",
                                              "lines-0-discount_pct": typed})
            assert response.status_code == 422, (url, typed)
            shown = re.findall(r'<div class="field-error" data-field="lines\.0\.discount_pct">([^<]*)</div>',
                               response.get_data(as_text=True))
            assert len(shown) == 1 and message in shown[0], (url, typed, shown)


def test_the_order_list_shows_each_orders_progress_in_the_users_language(client, login, make_user, sales,
                                                                        make_customer, stocked):
    from erp.sales.orders.models import FULFILMENT_LABELS

    product = stocked()
    approved = sales.order(make_customer(), [line(product, 2)])
    delivered = sales.order(make_customer(), [line(product, 3)])
    sales.deliver(delivered)
    login(make_user("admin"))
    page = _visible(client.get("/sales-orders/").get_data(as_text=True))
    assert f"{delivered.number} " in page and "已发货" in page
    assert not [label for label in FULFILMENT_LABELS.values() if label in page]
    assert re.search(rf"{approved.number} \S+ \S+ 已审核 ", page)  # 执行进度 of an order not delivered yet
    page = _visible(client.get("/sales-orders/?lang=en").get_data(as_text=True))
    assert "Fully delivered" in page and "已发货" not in page


def test_document_pages_show_unit_prices_to_at_least_two_decimals(client, login, make_user, sales, make_customer,
                                                                   stocked):
    from erp.sales.quotes import services as quotes

    product = stocked()
    lines = [line(product, 2, unit_price=D("52.5")), line(product, 3, unit_price=D("54")),
             line(product, 6, unit_price=D("9.583333"))]
    quote = sales.quote(make_customer(), lines)
    quotes.approve_quote(sales.db, sales.people["clerk"], quote.id)
    order, note, _outbound, invoice = sales.full_chain(make_customer(), lines)
    login(make_user("admin"))
    for url in (f"/quotes/{quote.id}", f"/sales-orders/{order.id}", f"/delivery-notes/{note.id}",
                f"/invoices/{invoice.id}"):
        html = client.get(url).get_data(as_text=True)
        prices = re.findall(r'<td class="num" title="[^"]*">([^<]*)</td>', html)
        assert prices == ["52.50", "54.00", "9.583333"], (url, prices)
        assert "105.00" in html  # the amount beside 52.50 × 2


def test_document_history_reads_in_words_on_the_users_clock(client, login, make_user, sales, make_customer,
                                                           stocked):
    from erp import clock

    product, customer = stocked(), make_customer()
    order = sales.order(customer, [line(product, 2, unit_price=D("52.5"))])
    note = sales.deliver(order)
    login(make_user("admin"))
    html = client.get(f"/delivery-notes/{note.id}").get_data(as_text=True)
    history = html[html.index("审批与历史"):]
    assert 'data-action="create">新建</span>' in history and 'data-action="approve">已审核</span>' in history
    text = _visible(history)
    created = clock.local(note.created_at).strftime("%Y-%m-%d %H:%M:%S")
    for shown in ("价格含税: — → 是", f"客户: — → {customer}", f"仓库: — → {sales.wh}",
                  f"制单人: — → {sales.people['clerk'].display_name}", f"创建时间: — → {created}",
                  "状态: 未审核 → 已审核", "单价: — → 52.50", "税率: — → 13%", f"单号: — → {note.number}"):
        assert shown in text, shown
    for raw in ("price_includes_vat", "created_by_id", "customer_id", "unit_id", "True", "False", "approve ",
                "create "):
        assert raw not in text, raw
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:|:\d\d\.\d{6}", text)  # no ISO times with microseconds

    text = _visible(client.get(f"/delivery-notes/{note.id}?lang=en").get_data(as_text=True))
    for shown in ("Created", "Prices include VAT: — → Yes", f"Customer: — → {customer}",
                  f"Created by: — → {sales.people['clerk'].display_name}", "Status: Draft → Approved"):
        assert shown in text, shown
