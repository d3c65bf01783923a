"""The label PDF endpoints: content type, file name, permissions, errors."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests import factories
from tests.printing.pdfs import all_text, decoded_values

EAN13 = "6901234567892"
GTIN14 = "16901234567899"


@pytest.fixture
def clerk(make_user):
    return make_user("warehouse")


def test_product_labels_come_back_as_a_named_pdf(api, clerk, make_product):
    a = make_product(name="农夫山泉饮用天然水", barcode=EAN13, list_price=Decimal("2.5"))
    b = make_product(name="散装大米")
    response = api(clerk).get(f"/api/v1/products/labels/pdf?ids={a.id},{b.id}&layout=roll-50x30&copies=2&lang=zh")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="product-labels-roll-50x30.pdf"'
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    assert "农夫山泉饮用天然水" in all_text(pdf) and "¥2.50/瓶" in all_text(pdf)
    assert decoded_values(pdf) == [{EAN13}, {EAN13}, {b.sku}, {b.sku}]


def test_product_labels_default_to_an_a4_sheet(api, clerk, make_product):
    product = make_product(barcode=EAN13)
    response = api(clerk).get(f"/api/v1/products/labels/pdf?ids={product.id}")
    assert response.status_code == 200
    assert 'filename="product-labels-a4-3x8.pdf"' in response.headers["Content-Disposition"]


def test_product_labels_need_the_product_view_permission(api, db, make_product):
    nobody = factories.user(db, roles=())
    response = api(nobody).get(f"/api/v1/products/labels/pdf?ids={make_product().id}")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_product_labels_need_a_login(client, make_product):
    assert client.get(f"/api/v1/products/labels/pdf?ids={make_product().id}").status_code == 401


def test_a_missing_product_is_a_404_naming_it(api, clerk, make_product):
    product = make_product()
    response = api(clerk).get(f"/api/v1/products/labels/pdf?ids={product.id},999999")
    assert response.status_code == 404
    assert "999999" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("query, field", [
    ("ids=abc", "ids"), ("", "ids"), ("ids=1&layout=a4-9x9", "layout"), ("ids=1&copies=0", "copies"),
    ("ids=1&lang=fr", "lang"),
])
def test_bad_parameters_are_422_naming_the_field(api, clerk, query, field):
    response = api(clerk).get(f"/api/v1/products/labels/pdf?{query}")
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_a_product_with_a_wrong_barcode_is_a_422_naming_it(api, clerk, make_product):
    product = make_product(barcode="6901234567891")
    response = api(clerk).get(f"/api/v1/products/labels/pdf?ids={product.id}&lang=en", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["code"] == "invalid_barcode" and product.sku in body["message"]


def test_too_many_labels_at_once_are_refused(api, clerk, make_product):
    ids = ",".join([str(make_product().id)] * 60)
    response = api(clerk).get(f"/api/v1/products/labels/pdf?ids={ids}&copies=100")
    assert response.status_code == 422


def test_case_labels_of_a_product_come_back_as_a_named_pdf(api, clerk, db, make_product):
    product = make_product(name="可口可乐 330ml", sku="COKE330")
    product.packings[0].barcode = GTIN14
    db.flush()
    response = api(clerk).get(f"/api/v1/products/{product.id}/case-labels/pdf?batch=L0701&expiry=2025-12-31&copies=3")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="case-labels-COKE330-L0701.pdf"'
    pdf = response.get_data()
    assert decoded_values(pdf) == [{f"(01){GTIN14}(17)251231(10)L0701", GTIN14}] * 3
    assert "可口可乐 330ml" in all_text(pdf)


def test_case_labels_of_a_missing_product_are_a_404(api, clerk):
    response = api(clerk).get("/api/v1/products/999999/case-labels/pdf")
    assert response.status_code == 404


def test_case_labels_need_the_product_view_permission(api, db, make_product):
    nobody = factories.user(db, roles=())
    response = api(nobody).get(f"/api/v1/products/{make_product().id}/case-labels/pdf")
    assert response.status_code == 403


def test_case_labels_without_a_case_barcode_are_a_422_that_says_so(api, clerk, make_product):
    response = api(clerk).get(f"/api/v1/products/{make_product().id}/case-labels/pdf", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "no barcode" in response.get_json()["error"]["message"]


def test_a_bad_batch_or_expiry_is_a_422(api, clerk, db, make_product):
    product = make_product()
    product.packings[0].barcode = GTIN14
    db.flush()
    assert api(clerk).get(f"/api/v1/products/{product.id}/case-labels/pdf?batch=批次").status_code == 422
    assert api(clerk).get(f"/api/v1/products/{product.id}/case-labels/pdf?expiry=2025-13-01").status_code == 422


def test_the_pdf_endpoints_are_in_the_openapi_document(api, clerk):
    spec = api(clerk).get("/api/v1/openapi.json").get_json()
    ok = spec["paths"]["/api/v1/products/labels/pdf"]["get"]["responses"]["200"]
    assert "application/pdf" in ok["content"]
    assert "/api/v1/products/{product_id}/case-labels/pdf" in spec["paths"]


def test_errors_come_in_chinese_for_chinese_users(api, clerk, make_product):
    response = api(clerk).get("/api/v1/products/labels/pdf?ids=999999")
    assert response.get_json()["error"]["message"] == "找不到商品：999999。"
    product = make_product(barcode="6901234567891")
    response = api(clerk).get(f"/api/v1/products/labels/pdf?ids={product.id}")
    assert "校验位" in response.get_json()["error"]["message"] or "无效" in response.get_json()["error"]["message"]


def test_the_printing_catalog_is_complete():
    from erp.i18n_tools import untranslated

    assert untranslated("printing") == []
