"""API conventions: error bodies, bad input, idempotent creates, OpenAPI."""
from __future__ import annotations

from sqlalchemy import func, select

from erp.warehouses.models import Warehouse


def count(db):
    return db.scalar(select(func.count(Warehouse.id)))


def test_malformed_json_is_a_400_naming_the_problem(api, make_user, db):
    admin = api(make_user("admin"))
    before = count(db)
    response = admin.post("/api/v1/warehouses", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"
    assert count(db) == before


def test_a_body_that_is_not_an_object_is_refused(api, make_user):
    response = api(make_user("admin")).post("/api/v1/warehouses", json=[1, 2])
    assert response.status_code == 422


def test_wrong_types_unknown_fields_and_long_strings_are_named(api, make_user, db):
    admin = api(make_user("admin"))
    before = count(db)
    response = admin.post("/api/v1/warehouses", json={"code": 12, "name": "x" * 81, "colour": "red",
                                                       "allow_negative_stock": "maybe"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"code", "name", "colour", "allow_negative_stock"}
    assert count(db) == before


def test_field_messages_are_chinese_by_default_and_english_on_request(api, make_user):
    admin = api(make_user("admin"))
    zh = admin.post("/api/v1/warehouses", json={})
    assert zh.get_json()["error"]["fields"]["code"] == ["必填项。"]
    en = admin.post("/api/v1/warehouses", json={}, headers={"Accept-Language": "en"})
    assert en.get_json()["error"]["fields"]["code"] == ["Missing data for required field."]


def test_a_duplicate_code_is_a_field_error(api, make_user, make_warehouse):
    make_warehouse(code="SH01")
    response = api(make_user("admin")).post("/api/v1/warehouses", json={"code": "sh01", "name": "上海仓"})
    assert response.status_code == 422
    assert "code" in response.get_json()["error"]["fields"]


def test_a_retried_create_with_the_same_idempotency_key_writes_nothing_new(api, make_user, db):
    admin = api(make_user("admin"))
    headers = {"Idempotency-Key": "create-wh-1"}
    first = admin.post("/api/v1/warehouses", json={"code": "BJ01", "name": "北京仓"}, headers=headers)
    assert first.status_code == 201
    before = count(db)
    again = admin.post("/api/v1/warehouses", json={"code": "BJ01", "name": "北京仓"}, headers=headers)
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(db) == before


def test_reusing_an_idempotency_key_for_another_request_is_refused(api, make_user):
    admin = api(make_user("admin"))
    headers = {"Idempotency-Key": "k-2"}
    assert admin.post("/api/v1/warehouses", json={"code": "GZ01", "name": "广州仓"}, headers=headers).status_code == 201
    other = admin.post("/api/v1/warehouses", json={"code": "GZ02", "name": "广州二仓"}, headers=headers)
    assert other.status_code == 409
    assert other.get_json()["error"]["code"] == "idempotency_key_reused"


def test_a_failed_create_is_not_remembered_under_its_key(api, make_user):
    admin = api(make_user("admin"))
    headers = {"Idempotency-Key": "k-3"}
    assert admin.post("/api/v1/warehouses", json={"code": "bad code!"}, headers=headers).status_code == 422
    assert admin.post("/api/v1/warehouses", json={"code": "SZ01", "name": "深圳仓"}, headers=headers).status_code == 201


def test_lists_are_paged_and_searchable(api, make_user, make_warehouse):
    for i in range(7):
        make_warehouse(code=f"P{i}", name=f"分仓{i}")
    user = api(make_user("warehouse"))
    page = user.get("/api/v1/warehouses?q=分仓&per_page=3&page=2").get_json()
    assert page["total"] == 7 and page["pages"] == 3 and page["page"] == 2
    assert len(page["items"]) == 3
    assert user.get("/api/v1/warehouses?per_page=0").status_code == 422


def test_a_missing_record_is_404_in_the_error_format(api, make_user):
    response = api(make_user("admin")).get("/api/v1/warehouses/999999")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_an_unknown_url_is_a_json_404(api, make_user):
    response = api(make_user()).get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_a_user_restricted_to_one_warehouse_sees_only_it(api, make_user, make_warehouse, db):
    from erp.auth.services import update_user

    mine, _other = make_warehouse(code="MINE"), make_warehouse(code="OTHER")
    picker = make_user("warehouse")
    update_user(db, make_user("admin"), picker.id, {"warehouse_ids": [mine.id]})
    codes = [w["code"] for w in api(picker).get("/api/v1/warehouses").get_json()["items"]]
    assert codes == ["MINE"]


def test_openapi_documents_every_endpoint_with_its_schemas(client, app):
    from erp.api.framework import ENDPOINTS
    from erp.api.openapi import _path

    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for ep in ENDPOINTS:
        path, _ = _path(ep.rule)
        assert ep.method.lower() in doc["paths"][path], f"{ep.method} {path}"
    create = doc["paths"]["/api/v1/warehouses"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/WarehouseIn")
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    assert "WarehouseOut" in doc["components"]["schemas"]


def test_the_api_browser_is_served_locally(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http" not in html.split("<body>")[1].split("url:")[0]  # no CDN before the spec url
    assert client.get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_json_nested_thousands_deep_is_malformed_not_a_crash(api, make_user, db):
    deep = "[" * 5000 + "]" * 5000
    response = api(make_user("admin")).post("/api/v1/warehouses", data='{"code": ' + deep + "}",
                                             headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


def test_integers_beyond_a_column_and_ids_below_one_are_field_errors(api, make_user, make_customer, make_product,
                                                                     db):
    admin = api(make_user("admin"))
    customer, product = make_customer(), make_product()
    listed = admin.get(f"/api/v1/sales-orders?customer_id={2**63}")
    assert listed.status_code == 422 and set(listed.get_json()["error"]["fields"]) == {"customer_id"}
    before = count(db)
    made = admin.post("/api/v1/quotes", json={"customer_id": customer.id, "lines": [
        {"product_id": 2**63, "qty": "1"}, {"product_id": product.id, "qty": "1"}]}, headers={"Accept-Language": "en"})
    assert made.status_code == 422
    assert made.get_json()["error"]["fields"] == {"lines": {"0": {"product_id": ["Must be between 1 and 2147483647."]}}}
    zero = admin.post("/api/v1/quotes", json={"customer_id": 0, "lines": [{"product_id": product.id, "qty": "1"}]},
                      headers={"Accept-Language": "en"})
    assert zero.status_code == 422 and "customer_id" in zero.get_json()["error"]["fields"]
    assert count(db) == before


def test_dates_outside_this_century_are_field_errors_in_bodies_and_queries(api, make_user, make_customer,
                                                                           make_product):
    admin = api(make_user("admin"))
    customer, product = make_customer(), make_product()
    for doc_date in ("9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"):
        response = admin.post("/api/v1/quotes", json={"customer_id": customer.id, "doc_date": doc_date,
                                                      "lines": [{"product_id": product.id, "qty": "1"}]},
                              headers={"Accept-Language": "en"})
        assert response.status_code == 422, doc_date
        assert response.get_json()["error"]["fields"] == {
            "doc_date": ["Must be between 2000-01-01 and 2099-12-31."]}
    ok = admin.post("/api/v1/quotes", json={"customer_id": customer.id, "doc_date": "2099-12-31",
                                            "lines": [{"product_id": product.id, "qty": "1"}]})
    assert ok.status_code == 201, ok.get_json()
    for url in ("/api/v1/audit-log?date_to=9999-12-31", "/api/v1/reports/receivables-aging?as_of=0001-01-01",
                "/api/v1/reports/dashboard?as_of=0001-01-01"):
        response = admin.get(url)
        assert response.status_code == 422, url
        assert response.get_json()["error"]["code"] == "validation_failed"


def test_a_blank_query_value_takes_the_default(api, make_user):
    admin = api(make_user("admin"))
    blank = admin.get("/api/v1/reports/sales?by=&format=")
    assert blank.status_code == 200, blank.get_json()
    assert blank.get_json() == admin.get("/api/v1/reports/sales").get_json()
    stock = admin.get("/api/v1/reports/stock-balance?format=")
    assert stock.status_code == 200
    assert stock.get_json() == admin.get("/api/v1/reports/stock-balance").get_json()


def test_a_name_may_be_left_out_of_an_update_but_not_blanked(api, make_user, make_warehouse, db):
    admin = api(make_user("admin"))
    warehouse = make_warehouse(code="WH77", name="七号仓")
    for blank in ("", "   "):
        response = admin.patch(f"/api/v1/warehouses/{warehouse.id}", json={"name": blank})
        assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"name"}
    kept = admin.patch(f"/api/v1/warehouses/{warehouse.id}", json={"phone": "021-5555"})
    assert kept.status_code == 200 and kept.get_json()["name"] == "七号仓"


def test_control_characters_in_text_are_refused(api, make_user, db):
    admin = api(make_user("admin"))
    before = count(db)
    response = admin.post("/api/v1/warehouses", json={"code": "WH78", "name": "\u0000仓"},
                          headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"name": ["Contains a control character."]}
    assert admin.post("/api/v1/warehouses", json={"code": "WH78", "name": "八号仓\t(东)"}).status_code == 201
    assert count(db) == before + 1
