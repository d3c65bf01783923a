"""Print from where people work: a print button on every document's page, checkboxes and
"print selected" on every document list, label printing from the product list and the
outbound."""
from __future__ import annotations

import re

import pytest
from flask import url_for

from printing.printables import PRINTABLES

LISTS = {
    "quote": "quotes.index", "sales_order": "sales_orders.index", "delivery_note": "delivery_notes.index",
    "outbound": "inventory.outbound_list", "sales_invoice": "sales_invoices.index",
    "credit_note": "credit_notes.index", "sales_return": "sales_returns.index",
    "stock_in": "inventory.stock_in_list", "stock_out": "inventory.stock_out_list",
    "transfer": "inventory.transfer_list", "scrap": "inventory.scrap_list", "stocktake": "inventory.stocktake_list",
    "purchase_order": "purchase_orders.index", "goods_receipt": "goods_receipts.index",
    "purchase_return": "purchase_returns.index", "supplier_invoice": "supplier_invoices.index",
    "payment": "payments.index", "receipt": "receipts.index", "shipment": "logistics.shipments",
    "credit_change": "credit.index",
}


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def detail_url(doc) -> str:
    endpoint = getattr(doc, "__view_endpoint__", None)
    if endpoint is None:  # a shipment
        return url_for("logistics.shipment_detail", shipment_id=doc.id)
    return url_for(endpoint, id=doc.id)


def test_every_document_page_has_a_print_button_opening_its_pdf(app, login, admin, paper):
    client = login(admin)
    with app.test_request_context():
        pages = {p.key: (detail_url(paper[p.key]), f"/api/v1/{p.resource}/{paper[p.key].id}/{p.path}")
                 for p in PRINTABLES}
    for key, (page, pdf) in pages.items():
        html = client.get(page).get_data(as_text=True)
        assert f'href="{pdf}"' in html, (key, page)
        assert client.get(pdf).mimetype == "application/pdf"


def test_the_outbound_page_offers_the_pick_list_case_labels_shipping_labels(app, login, admin, paper):
    outbound = paper["outbound"]
    html = login(admin).get(f"/inventory/outbounds/{outbound.id}").get_data(as_text=True)
    for link in (f"/api/v1/outbounds/{outbound.id}/pick-list/pdf", f"/api/v1/outbounds/{outbound.id}/case-labels/pdf",
                 f"/api/v1/outbounds/shipping-labels/pdf?ids={outbound.id}"):
        assert f'href="{link}"' in html, link
    assert "拣货单" in html and "箱标签" in html and "发货面单" in html


def test_the_stocktake_page_offers_a_blind_count_sheet(login, admin, paper):
    stocktake = paper["stocktake"]
    html = login(admin).get(f"/inventory/stocktakes/{stocktake.id}").get_data(as_text=True)
    assert f"/api/v1/stocktakes/{stocktake.id}/pdf?blind=true" in html and "盲盘表" in html


def test_every_document_list_has_checkboxes_and_print_selected(app, login, admin, paper):
    client = login(admin)
    with app.test_request_context():
        lists = {p.key: url_for(LISTS[p.key]) for p in PRINTABLES if p.key in LISTS}
    for printable in PRINTABLES:
        if printable.key not in LISTS:
            continue
        doc = paper[printable.key]
        html = client.get(lists[printable.key]).get_data(as_text=True)
        form = re.search(r'<form id="print-selected" method="get" action="([^"]+)"', html)
        assert form and form.group(1) == f"/api/v1{printable.list_rule}", printable.key
        assert f'name="ids" value="{doc.id}" form="print-selected"' in html, printable.key
        assert 'data-select-all="ids"' in html and "打印所选" in html


def test_the_outbound_list_also_prints_pick_lists_and_shipping_labels_of_the_checked_rows(login, admin, paper):
    html = login(admin).get("/inventory/outbounds/").get_data(as_text=True)
    assert 'formaction="/api/v1/outbounds/pick-lists/pdf"' in html
    assert 'formaction="/api/v1/outbounds/shipping-labels/pdf"' in html


def test_the_product_list_prints_labels_of_the_checked_products_in_a_chosen_layout(login, admin, make_product):
    product = make_product()
    html = login(admin).get("/products/").get_data(as_text=True)
    assert '<form id="print-labels" method="get" action="/api/v1/products/labels/pdf"' in html
    assert f'name="ids" value="{product.id}" form="print-labels"' in html
    for layout in ("a4-3x8", "a4-3x7", "roll-60x40", "roll-50x30"):
        assert f'<option value="{layout}">' in html


def test_a_list_without_documents_offers_no_print_button(login, admin):
    html = login(admin).get("/quotes/").get_data(as_text=True)
    assert 'id="print-selected"' not in html
