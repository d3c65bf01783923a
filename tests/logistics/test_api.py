"""The logistics API and pages: carriers, shipping outbounds, 签收, permissions and 404s."""
from __future__ import annotations

from erp import clock

TODAY = clock.today()


def test_carriers_are_kept_by_the_warehouse_and_read_by_sales(api, people):
    keeper, clerk = people["keeper"], people["clerk"]
    response = api(keeper).post("/api/v1/carriers", json={"code": "YTO", "name": "圆通速递", "waybill_prefix": "YT"},
                                headers={"Idempotency-Key": "carrier-yto"})
    assert response.status_code == 201
    carrier = response.get_json()
    assert carrier["waybill_prefix"] == "YT" and carrier["active"] is True
    assert api(clerk).get(f"/api/v1/carriers/{carrier['id']}").get_json()["name"] == "圆通速递"
    assert api(clerk).post("/api/v1/carriers", json={"code": "X", "name": "X"}).status_code == 403
    again = api(keeper).post("/api/v1/carriers", json={"code": "yto", "name": "重复"})
    assert again.status_code == 422 and "code" in again.get_json()["error"]["fields"]
    bad = api(keeper).post("/api/v1/carriers", json={"code": "A1", "name": "A", "waybill_prefix": "S-F"})
    assert bad.status_code == 422 and "waybill_prefix" in bad.get_json()["error"]["fields"]
    patched = api(keeper).patch(f"/api/v1/carriers/{carrier['id']}", json={"active": False})
    assert patched.get_json()["active"] is False
    assert api(keeper).get("/api/v1/carriers/987654").status_code == 404


def test_shipping_through_the_api_then_confirming_delivery(api, chain, water, sf, people):
    keeper, clerk = people["keeper"], people["clerk"]
    outbound = chain.shipped(chain.customer(), [(water, 50)])[2]
    response = api(keeper).post("/api/v1/shipments", json={"outbound_ids": [outbound.id], "carrier_id": sf.id},
                                headers={"Idempotency-Key": "ship-1"})
    assert response.status_code == 201, response.get_json()
    shipment = response.get_json()
    assert shipment["waybill_number"] == f"SF{TODAY:%Y%m%d}-0001" and shipment["carrier"] == "顺丰速运"
    assert shipment["package_count"] == 3 and shipment["total_weight"] == "30.0000"
    assert shipment["outbounds"] == [{"id": outbound.id, "number": outbound.number}]
    listed = api(clerk).get(f"/api/v1/shipments?outbound_id={outbound.id}").get_json()
    assert [s["number"] for s in listed["items"]] == [shipment["number"]]
    delivered = api(clerk).post(f"/api/v1/shipments/{shipment['id']}/deliver",
                                json={"received_by": "王店长", "remark": "已验货"})
    assert delivered.status_code == 200 and delivered.get_json()["status"] == "delivered"
    assert api(clerk).post(f"/api/v1/shipments/{shipment['id']}/deliver",
                           json={"received_by": "王店长"}).status_code == 409
    assert api(keeper).delete(f"/api/v1/shipments/{shipment['id']}").status_code == 409


def test_shipment_errors_name_the_field_or_the_conflict(api, chain, water, people):
    keeper = people["keeper"]
    assert api(keeper).post("/api/v1/shipments", json={"outbound_ids": []}).status_code == 422
    assert api(keeper).post("/api/v1/shipments", json={"outbound_ids": [987654]}).status_code == 404
    outbound = chain.shipped(chain.customer(), [(water, 24)])[2]
    assert api(keeper).post("/api/v1/shipments", json={"outbound_ids": [outbound.id], "weights": ["-1"]}
                            ).status_code == 422
    assert api(keeper).post("/api/v1/shipments", json={"outbound_ids": [outbound.id]}).status_code == 201
    again = api(keeper).post("/api/v1/shipments", json={"outbound_ids": [outbound.id]})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "outbound_shipped"
    assert api(keeper).get("/api/v1/shipments/987654").status_code == 404
    assert api(keeper).post("/api/v1/shipments/987654/deliver", json={"received_by": "x"}).status_code == 404


def test_only_the_warehouse_ships_and_finance_only_reads(api, chain, water, people, make_user):
    outbound = chain.shipped(chain.customer(), [(water, 24)])[2]
    assert api(people["clerk"]).post("/api/v1/shipments", json={"outbound_ids": [outbound.id]}).status_code == 403
    shipment = api(people["keeper"]).post("/api/v1/shipments", json={"outbound_ids": [outbound.id]}).get_json()
    finance = people["finance"]
    assert api(finance).get(f"/api/v1/shipments/{shipment['id']}").status_code == 200
    assert api(finance).post(f"/api/v1/shipments/{shipment['id']}/deliver", json={"received_by": "x"}).status_code == 403
    assert api(make_user("purchaser")).get(f"/api/v1/shipments/{shipment['id']}/labels/pdf").status_code == 403


def test_a_warehouse_clerk_ships_from_the_page_and_records_the_delivery(login, chain, water, sf, people, db):
    outbound = chain.shipped(chain.customer(), [(water, 30)])[2]
    client = login(people["keeper"])
    page = client.get(f"/logistics/shipments/new?outbound_ids={outbound.id}").get_data(as_text=True)
    assert f'name="outbound_ids" value="{outbound.id}" checked' in page and "顺丰速运" in page
    response = client.post("/logistics/shipments/new", data={"outbound_ids": [str(outbound.id)],
                                                             "carrier_id": str(sf.id), "package_count": ""})
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"SF{TODAY:%Y%m%d}-0001" in detail and "发货面单" in detail and "2 / 2" in detail
    shipment_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    done = client.post(f"/logistics/shipments/{shipment_id}/deliver", data={"received_by": "王店长", "remark": ""})
    assert done.status_code == 302
    assert "已签收" in client.get(f"/logistics/shipments/{shipment_id}").get_data(as_text=True)


def test_a_bad_shipment_form_is_shown_again_with_the_message(login, people):
    page = login(people["keeper"]).post("/logistics/shipments/new", data={"package_count": "2"})
    assert page.status_code == 422 and "请至少选择一张销售出库单" in page.get_data(as_text=True)


def test_the_menu_and_the_lists(login, chain, water, ship, people):
    ship([chain.shipped(chain.customer(), [(water, 24)])[2]])
    client = login(people["keeper"])
    home = client.get("/").get_data(as_text=True)
    assert "发运单" in home and "承运商" in home
    html = client.get("/logistics/shipments/").get_data(as_text=True)
    assert 'formaction="/api/v1/shipments/labels/pdf"' in html and "上海七宝好邻居超市有限公司" in html
    assert client.get("/logistics/carriers/").status_code == 200
    assert client.post("/logistics/carriers/new", data={"code": "JD", "name": "京东物流"}).status_code == 302


def test_the_logistics_catalog_is_complete():
    from erp.i18n_tools import untranslated

    assert untranslated("logistics") == []


def test_the_outbound_page_offers_to_ship_it_then_its_shipping_labels(login, chain, water, ship, people):
    outbound = chain.shipped(chain.customer(), [(water, 24)])[2]
    client = login(people["keeper"])
    html = client.get(f"/inventory/outbounds/{outbound.id}").get_data(as_text=True)
    assert f'href="/logistics/shipments/new?outbound_ids={outbound.id}"' in html and "shipping-labels" not in html
    ship([outbound])
    html = client.get(f"/inventory/outbounds/{outbound.id}").get_data(as_text=True)
    assert f'href="/api/v1/outbounds/shipping-labels/pdf?ids={outbound.id}"' in html
    assert "/logistics/shipments/new" not in html
