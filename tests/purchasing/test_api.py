"""The purchasing chain through the API: order, receive, return, labels, suggestion;
errors are clear 4xx bodies and write nothing."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.printing.pdfs import all_text, decoded_values
from tests.purchasing.conftest import days


@pytest.fixture
def tracked(make_tracked, db):
    from erp.products.models import ProductUnit

    product = make_tracked(name="百威啤酒 500ml", barcode="6901234567892")
    product.packings[0].barcode = "16901234567899"
    product.packings[0].is_purchase_default = True
    db.flush()
    assert isinstance(product.packings[0], ProductUnit)
    return product


def order_body(supplier, wh, product, **extra):
    return {"supplier_id": supplier.id, "warehouse_id": wh.id, "expected_date": days(3).isoformat(),
            "lines": [{"product_id": product.id, "qty": "5", "unit_price": "96.00"}], **extra}


def test_a_purchaser_orders_a_keeper_receives_and_returns_through_the_api(api, purchaser, keeper, supplier, wh,
                                                                          tracked):
    buyer, store = api(purchaser), api(keeper)
    created = buyer.post("/api/v1/purchase-orders", json=order_body(supplier, wh, tracked),
                         headers={"Idempotency-Key": "po-1"})
    assert created.status_code == 201, created.get_json()
    order = created.get_json()
    assert order["lines"][0]["unit"] == "箱" and order["lines"][0]["qty_base"] == "120.0000"
    assert order["total_gross"] == "480.00" and order["state"] == "draft"
    again = buyer.post("/api/v1/purchase-orders", json=order_body(supplier, wh, tracked),
                       headers={"Idempotency-Key": "po-1"})
    assert again.get_json()["id"] == order["id"]  # replayed, not made twice

    approved = buyer.post(f"/api/v1/purchase-orders/{order['id']}/approve")
    assert approved.status_code == 200 and approved.get_json()["state"] == "approved"

    line_id = order["lines"][0]["id"]
    made = store.post(f"/api/v1/purchase-orders/{order['id']}/goods-receipts", json={"lines": [
        {"origin_line_id": line_id, "qty": "3", "batch_no": "BW0701", "expiry_date": days(180).isoformat()}]})
    assert made.status_code == 201, made.get_json()
    receipt = made.get_json()
    assert receipt["order_number"] == approved.get_json()["number"]
    assert receipt["lines"][0]["qty_base"] == "72.0000" and receipt["total_gross"] == "288.00"
    done = store.post(f"/api/v1/goods-receipts/{receipt['id']}/approve")
    assert done.status_code == 200 and done.get_json()["state"] == "approved"
    assert done.get_json()["lines"][0]["batch_id"]

    progress = buyer.get(f"/api/v1/purchase-orders/{order['id']}/progress").get_json()
    assert progress[0]["received"] == "72.0000" and progress[0]["to_receive"] == "48.0000"
    assert buyer.get(f"/api/v1/purchase-orders/{order['id']}").get_json()["receipt_status"] == "partly_received"

    receipt_line = done.get_json()["lines"][0]["id"]
    back = store.post(f"/api/v1/goods-receipts/{receipt['id']}/purchase-returns", json={
        "reason": "破损", "lines": [{"origin_line_id": receipt_line, "qty": "1"}]})
    assert back.status_code == 201, back.get_json()
    assert back.get_json()["lines"][0]["batch_no"] == "BW0701"
    assert store.post(f"/api/v1/purchase-returns/{back.get_json()['id']}/approve").get_json()["state"] == "approved"
    after = store.get(f"/api/v1/goods-receipts/{receipt['id']}").get_json()["lines"][0]
    assert after["qty_returned"] == "24.0000" and after["returned_gross"] == "96.00" and after["amount_owed"] == "192.00"

    refused = store.post(f"/api/v1/goods-receipts/{receipt['id']}/unapprove", json={"reason": "x"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "downstream_exists"


def test_bad_input_is_a_clear_4xx_and_writes_nothing(api, purchaser, keeper, supplier, wh, tracked, make_supplier,
                                                     make_warehouse):
    buyer, store = api(purchaser), api(keeper)
    order = buyer.post("/api/v1/purchase-orders", json=order_body(supplier, wh, tracked)).get_json()
    buyer.post(f"/api/v1/purchase-orders/{order['id']}/approve")
    line_id = order["lines"][0]["id"]

    no_expiry = store.post(f"/api/v1/purchase-orders/{order['id']}/goods-receipts", json={"lines": [
        {"origin_line_id": line_id, "qty": "1", "batch_no": "BW1"}]})
    assert no_expiry.status_code == 422
    assert no_expiry.get_json()["error"]["fields"]["lines"]["0"]["expiry_date"]

    too_much = store.post(f"/api/v1/purchase-orders/{order['id']}/goods-receipts", json={"lines": [
        {"origin_line_id": line_id, "qty": "6", "batch_no": "BW1", "expiry_date": days(30).isoformat()}]})
    assert too_much.status_code == 422 and "箱" in too_much.get_json()["error"]["message"]

    other = make_supplier()
    wrong_supplier = store.post("/api/v1/goods-receipts", json={"order_id": order["id"], "supplier_id": other.id})
    assert wrong_supplier.status_code == 409 and wrong_supplier.get_json()["error"]["code"] == "other_supplier"

    north = make_warehouse(name="北仓")
    wrong_warehouse = store.post(f"/api/v1/purchase-orders/{order['id']}/goods-receipts",
                                 json={"warehouse_id": north.id})
    assert wrong_warehouse.status_code == 422 and wrong_warehouse.get_json()["error"]["fields"]["warehouse_id"]

    inactive = make_supplier(active=False)
    refused = buyer.post("/api/v1/purchase-orders", json=order_body(inactive, wh, tracked))
    assert refused.status_code == 422 and refused.get_json()["error"]["fields"]["supplier_id"]

    too_precise = buyer.post("/api/v1/purchase-orders", json={**order_body(supplier, wh, tracked), "lines": [
        {"product_id": tracked.id, "qty": "1", "unit_price": "1.0000001"}]})
    assert too_precise.status_code == 422

    assert store.get("/api/v1/goods-receipts").get_json()["total"] == 0
    assert buyer.get("/api/v1/purchase-orders").get_json()["total"] == 1


def test_finance_reads_but_cannot_enter_purchase_documents(api, make_user, supplier, wh, tracked):
    finance = api(make_user("finance"))
    assert finance.get("/api/v1/purchase-orders").status_code == 200
    assert finance.get("/api/v1/goods-receipts").status_code == 200
    assert finance.get("/api/v1/purchase-returns").status_code == 200
    assert finance.post("/api/v1/purchase-orders", json=order_body(supplier, wh, tracked)).status_code == 403


def test_case_labels_print_one_label_per_case_received_with_batch_and_expiry(api, purchaser, keeper, supplier, wh,
                                                                             tracked):
    buyer, store = api(purchaser), api(keeper)
    order = buyer.post("/api/v1/purchase-orders", json=order_body(supplier, wh, tracked)).get_json()
    buyer.post(f"/api/v1/purchase-orders/{order['id']}/approve")
    receipt = store.post(f"/api/v1/purchase-orders/{order['id']}/goods-receipts", json={"lines": [
        {"origin_line_id": order["lines"][0]["id"], "qty": "2", "batch_no": "BW0702",
         "expiry_date": "2030-06-30"}]}).get_json()
    response = store.get(f"/api/v1/goods-receipts/{receipt['id']}/labels/pdf?lang=zh")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    assert all_text(pdf).count("BW0702") >= 2
    values = set().union(*decoded_values(pdf))
    assert any("16901234567899" in v and "BW0702" in v and "300630" in v for v in values)
    pieces = store.get(f"/api/v1/goods-receipts/{receipt['id']}/labels/pdf?kind=product&copies=3")
    assert pieces.status_code == 200 and "百威啤酒" in all_text(pieces.data)


def test_a_case_without_a_gtin_cannot_be_labelled(api, purchaser, keeper, supplier, wh, make_tracked):
    plain = make_tracked()
    buyer, store = api(purchaser), api(keeper)
    order = buyer.post("/api/v1/purchase-orders", json=order_body(supplier, wh, plain)).get_json()
    buyer.post(f"/api/v1/purchase-orders/{order['id']}/approve")
    receipt = store.post(f"/api/v1/purchase-orders/{order['id']}/goods-receipts", json={"lines": [
        {"origin_line_id": order["lines"][0]["id"], "qty": "1", "batch_no": "P1",
         "expiry_date": days(10).isoformat()}]}).get_json()
    response = store.get(f"/api/v1/goods-receipts/{receipt['id']}/labels/pdf")
    assert response.status_code == 422


def test_the_suggestion_and_its_orders_through_the_api(api, purchaser, supplier, wh, make_product):
    make_product(reorder_point=D(10), max_stock=D(30), preferred_supplier_id=supplier.id, case_factor=None)
    buyer = api(purchaser)
    listed = buyer.get(f"/api/v1/purchase-suggestions?warehouse_id={wh.id}")
    assert listed.status_code == 200
    assert [(s["qty"], s["supplier_id"]) for s in listed.get_json()] == [("30.0000", supplier.id)]
    made = buyer.post("/api/v1/purchase-suggestions/orders", json={"warehouse_id": wh.id})
    assert made.status_code == 201 and made.get_json()[0]["state"] == "draft"
    assert buyer.get(f"/api/v1/purchase-suggestions?warehouse_id={wh.id}").get_json() == []


def test_line_defaults_give_units_price_and_stock(api, purchaser, supplier, wh, tracked):
    response = api(purchaser).get(f"/api/v1/purchase-orders/line-defaults?product_id={tracked.id}"
                                  f"&supplier_id={supplier.id}&warehouse_id={wh.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["unit_id"] == tracked.packings[0].unit_id and body["unit_price"] is None
    assert [u["name"] for u in body["units"]] == ["瓶", "箱"]
