"""The minimal warehouse pages: stock lookup, document lists and details with their verbs."""
from __future__ import annotations

from decimal import Decimal as D

from inventory.outbounds import services as outbounds


def test_warehouse_staff_look_up_stock_and_approve_an_outbound_from_its_page(db, client, login, keeper, wh,
                                                                              make_product, receive):
    soap = make_product(name="香皂")
    receive(soap, wh, 9)
    doc = outbounds.create_outbound(db, keeper, {"warehouse_id": wh.id,
                                                 "lines": [{"product_id": soap.id, "qty": D(2)}]})
    login(keeper)
    stock = client.get("/inventory/stock?q=香皂").get_data(as_text=True)
    assert "香皂" in stock and "现存量" in stock
    listed = client.get("/inventory/outbounds/").get_data(as_text=True)
    assert f"/inventory/outbounds/{doc.id}" in listed
    page = client.get(f"/inventory/outbounds/{doc.id}").get_data(as_text=True)
    assert "销售出库单" in page and 'data-verb="approve"' in page
    response = client.post(f"/inventory/outbounds/{doc.id}/approve")
    assert response.status_code == 302
    assert "已审核" in client.get(f"/inventory/outbounds/{doc.id}").get_data(as_text=True)
    assert client.post(f"/inventory/outbounds/{doc.id}/nonsense").status_code == 404


def test_every_stock_document_list_opens_for_warehouse_staff(client, login, keeper):
    login(keeper)
    for resource in ("outbounds", "stock-ins", "stock-outs", "transfers", "scraps"):
        assert client.get(f"/inventory/{resource}/").status_code == 200, resource
