"""Products (商品): packing units with their own barcodes, GS1 check digits, VAT rates, prices,
batch tracking; the scanner lookup; units of measure; product categories."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from erp.errors import Conflict, Forbidden, NotFound, ValidationFailed
from erp.masterdata import categories
from erp.masterdata.identifiers import with_check_digit
from erp.masterdata.references import InUse
from erp.pricing.models import PriceList, PriceListItem
from erp.products import lookup, services, units
from erp.products.models import Product, Unit
from erp.products.services import PRODUCT_CATEGORIES
from erp.settings.services import set_setting
from tests import factories

PIECE = with_check_digit("690123456789")  # EAN-13
CASE = with_check_digit("1690123456789")  # ITF-14: indicator 1 + the piece's first 12 digits
OTHER = with_check_digit("690987654321")
EAN8 = with_check_digit("6901234")


def wrong(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


@pytest.fixture
def buyer(make_user):
    return make_user("purchaser")


@pytest.fixture
def pcs(db):
    return factories.unit(db, "PCS", "瓶")


@pytest.fixture
def case(db):
    return factories.unit(db, "CASE", "箱")


def data(pcs, case, **overrides):
    values = {"sku": "P1001", "name": "农夫山泉饮用天然水", "spec": "550ml", "brand": "农夫山泉",
              "base_unit_id": pcs.id, "barcode": PIECE, "vat_rate": Decimal("0.13"),
              "list_price": Decimal("2.00"), "min_price": Decimal("1.60"),
              "packings": [{"unit_id": case.id, "factor": Decimal("24"), "barcode": CASE, "is_sales_default": True}]}
    values.update(overrides)
    return values


# --- services ------------------------------------------------------------------------------------

def test_a_product_is_created_with_a_case_of_24(db, buyer, pcs, case):
    product = services.create_product(db, buyer, data(pcs, case))
    assert product.factor(case.id) == Decimal("24")
    assert product.factor(pcs.id) == Decimal("1")
    assert product.case_packing.barcode == CASE


def test_barcodes_are_unique_across_products_and_packings(db, buyer, pcs, case):
    services.create_product(db, buyer, data(pcs, case))
    with pytest.raises(ValidationFailed) as caught:
        services.create_product(db, buyer, data(pcs, case, sku="P1002", barcode=CASE,
                                                packings=[{"unit_id": case.id, "factor": Decimal("12"),
                                                           "barcode": PIECE}]))
    assert caught.value.fields == {"barcode": ["Another product already has this barcode."],
                                   "packings": {0: {"barcode": ["Another product already has this barcode."]}}}


def test_one_barcode_twice_on_one_product_is_refused(db, buyer, pcs, case):
    with pytest.raises(ValidationFailed) as caught:
        services.create_product(db, buyer, data(pcs, case, packings=[{"unit_id": case.id, "factor": Decimal("24"),
                                                                      "barcode": PIECE}]))
    assert caught.value.fields == {"packings": {0: {"barcode": ["This barcode is used twice on this product."]}}}


def test_prices_vat_batches_and_stock_levels_are_checked_together(db, buyer, pcs, case):
    with pytest.raises(ValidationFailed) as caught:
        services.create_product(db, buyer, data(pcs, case, vat_rate=Decimal("0.15"), min_price=Decimal("2.50"),
                                                batch_tracked=True, reorder_point=Decimal("100"),
                                                max_stock=Decimal("50")))
    assert set(caught.value.fields) == {"vat_rate", "min_price", "shelf_life_days", "reorder_point"}


def test_packing_rows_are_checked(db, buyer, pcs, case):
    dozen = factories.unit(db, "DOZ", "打")
    dozen.active = False
    with pytest.raises(ValidationFailed) as caught:
        services.create_product(db, buyer, data(pcs, case, packings=[
            {"unit_id": pcs.id, "factor": Decimal("1")},
            {"unit_id": case.id, "factor": Decimal("24"), "is_sales_default": True},
            {"unit_id": case.id, "factor": Decimal("12"), "is_sales_default": True},
            {"unit_id": dozen.id, "factor": Decimal("12")},
        ]))
    fields = caught.value.fields
    assert fields["packings"][0] == {"unit_id": ["The base unit needs no packing row."]}
    assert fields["packings"][2] == {"unit_id": ["This unit is listed twice."]}
    assert fields["packings"][3] == {"unit_id": ["This unit is inactive."]}
    assert fields["packings"]["_schema"] == [
        "Only one packing unit can be the default for sales and one for purchases."]


def test_an_inactive_preferred_supplier_is_refused(db, buyer, pcs, case, make_supplier):
    supplier = make_supplier(active=False)
    with pytest.raises(ValidationFailed) as caught:
        services.create_product(db, buyer, data(pcs, case, preferred_supplier_id=supplier.id))
    assert caught.value.fields == {"preferred_supplier_id": ["This supplier is inactive."]}


def test_packings_are_changed_in_place_and_barcodes_may_swap(db, buyer, pcs, case):
    inner = factories.unit(db, "PACK", "包")
    product = services.create_product(db, buyer, data(pcs, case, packings=[
        {"unit_id": inner.id, "factor": Decimal("6"), "barcode": OTHER},
        {"unit_id": case.id, "factor": Decimal("24"), "barcode": CASE}]))
    by_unit = {p.unit_id: p for p in product.packings}
    services.update_product(db, buyer, product.id, {"packings": [
        {"id": by_unit[inner.id].id, "unit_id": inner.id, "factor": Decimal("4"), "barcode": CASE},
        {"id": by_unit[case.id].id, "unit_id": case.id, "factor": Decimal("24"), "barcode": OTHER}]})
    db.expire_all()
    assert {p.unit.code: (p.factor, p.barcode) for p in db.get(Product, product.id).packings} == {
        "PACK": (Decimal("4.0000"), CASE), "CASE": (Decimal("24.0000"), OTHER)}
    services.update_product(db, buyer, product.id, {"packings": []})
    db.expire_all()
    assert db.get(Product, product.id).packings == []


def test_the_base_unit_cannot_change_once_the_product_is_used(db, buyer, pcs, case, make_product):
    product = make_product()
    db.add(PriceList(code="PL-B", name="x", items=[PriceListItem(product=product, price=Decimal("9"))]))
    db.flush()
    kg = factories.unit(db, "KG", "千克", 3)
    with pytest.raises(ValidationFailed) as caught:
        services.update_product(db, buyer, product.id, {"base_unit_id": kg.id})
    assert caught.value.fields == {"base_unit_id": ["The base unit cannot change once the product is used."]}


def test_a_product_on_a_price_list_cannot_be_deleted(db, make_user, make_product):
    manager = make_user("sales_manager")
    used, free = make_product(), make_product()
    db.add(PriceList(code="PL-D", name="x", items=[PriceListItem(product=used, price=Decimal("9"))]))
    db.flush()
    with pytest.raises(InUse):
        services.delete_product(db, manager, used.id)
    services.delete_product(db, manager, free.id)
    assert db.get(Product, free.id) is None


def test_a_purchaser_may_not_delete_products(db, buyer, make_product):
    with pytest.raises(Forbidden):
        services.delete_product(db, buyer, make_product().id)


# --- lookup ----------------------------------------------------------------------------------------

def test_scanning_the_piece_barcode_gives_the_base_unit(db, buyer, pcs, case):
    product = services.create_product(db, buyer, data(pcs, case))
    match = lookup.lookup_product(db, PIECE)
    assert (match.product, match.unit, match.factor, match.matched_by) == (product, pcs, Decimal(1), "barcode")


def test_scanning_the_case_barcode_gives_the_case_and_its_factor(db, buyer, pcs, case):
    product = services.create_product(db, buyer, data(pcs, case))
    match = lookup.lookup_product(db, CASE)
    assert (match.product, match.unit.code, match.factor, match.matched_by) == (
        product, "CASE", Decimal("24.0000"), "packing_barcode")


def test_a_piece_barcode_read_as_gtin_14_with_a_leading_zero_is_found(db, buyer, pcs, case):
    product = services.create_product(db, buyer, data(pcs, case))
    assert lookup.lookup_product(db, "0" + PIECE).product == product


def test_a_sku_or_an_exact_name_is_found_too(db, buyer, pcs, case):
    product = services.create_product(db, buyer, data(pcs, case))
    assert lookup.lookup_product(db, "p1001").product == product
    assert lookup.lookup_product(db, "农夫山泉饮用天然水").matched_by == "name"
    with pytest.raises(NotFound):
        lookup.lookup_product(db, "农夫山泉")


def test_an_inactive_product_is_found_but_refused(db, buyer, pcs, case):
    product = services.create_product(db, buyer, data(pcs, case, active=False))
    with pytest.raises(Conflict) as caught:
        lookup.lookup_product(db, PIECE)
    assert caught.value.code == "product_inactive"
    assert lookup.lookup_product(db, PIECE, active_only=False).product == product


def test_search_matches_a_case_barcode_and_filters_by_category(db, buyer, pcs, case):
    set_setting(db, None, "product_category.coding_rule", "2-2")
    drinks = categories.create_category(db, buyer, PRODUCT_CATEGORIES, {"code": "01", "name": "饮料"})
    water = categories.create_category(db, buyer, PRODUCT_CATEGORIES, {"code": "0101", "name": "饮用水"})
    product = services.create_product(db, buyer, data(pcs, case, category_id=water.id))
    services.create_product(db, buyer, data(pcs, case, sku="P2", barcode=None, packings=[]))
    assert list(db.scalars(lookup.query_products(db, q=CASE[3:10]))) == [product]
    assert list(db.scalars(lookup.query_products(db, category_id=drinks.id))) == [product]


# --- units -----------------------------------------------------------------------------------------

def test_units_are_unique_and_cannot_be_deleted_while_used(db, buyer, make_product):
    product = make_product()
    with pytest.raises(ValidationFailed):
        units.create_unit(db, buyer, {"code": "pcs", "name": "个"})
    with pytest.raises(InUse):
        units.delete_unit(db, buyer, product.base_unit_id)
    box = units.create_unit(db, buyer, {"code": "BOX", "name": "盒"})
    units.delete_unit(db, buyer, box.id)
    assert db.get(Unit, box.id) is None


# --- API -------------------------------------------------------------------------------------------

def payload(pcs, case, **overrides):
    values = data(pcs, case, **overrides)
    for key in ("vat_rate", "list_price", "min_price"):
        if isinstance(values.get(key), Decimal):
            values[key] = str(values[key])
    values["packings"] = [{k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()}
                          for row in values["packings"]]
    return values


def test_api_creates_a_product_and_finds_it_by_its_case_barcode(api, buyer, pcs, case):
    as_buyer = api(buyer)
    created = as_buyer.post("/api/v1/products", json=payload(pcs, case, tax_code="1030201010000000000"))
    assert created.status_code == 201, created.json
    assert created.json["list_price"] == "2.000000" and created.json["vat_rate"] == "0.1300"
    assert created.json["packings"][0]["factor"] == "24.0000"
    found = as_buyer.get(f"/api/v1/products/lookup?code={CASE}")
    assert found.status_code == 200
    assert found.json["unit"]["code"] == "CASE" and found.json["factor"] == "24.0000"
    assert found.json["product"]["sku"] == "P1001"
    assert as_buyer.get("/api/v1/products/lookup?code=0000").status_code == 404
    assert [p["sku"] for p in as_buyer.get(f"/api/v1/products?q={PIECE}").json["items"]] == ["P1001"]


def test_api_refuses_a_wrong_check_digit_with_a_field_message(api, buyer, pcs, case, db):
    before = db.scalar(select(func.count(Product.id)))
    response = api(buyer).post("/api/v1/products", json=payload(pcs, case, barcode=wrong(PIECE), packings=[
        {"unit_id": case.id, "factor": "24", "barcode": wrong(CASE)}]))
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert fields["barcode"] == ["条码的校验位不正确。"]
    assert fields["packings"]["0"]["barcode"] == ["条码的校验位不正确。"]
    assert db.scalar(select(func.count(Product.id))) == before


def test_api_accepts_ean8_and_refuses_bad_tax_codes_vat_rates_and_unknown_fields(api, buyer, pcs, case):
    as_buyer = api(buyer)
    ok = as_buyer.post("/api/v1/products", json=payload(pcs, case, barcode=EAN8, packings=[]))
    assert ok.status_code == 201, ok.json
    bad = as_buyer.post("/api/v1/products", json=payload(pcs, case, sku="P9", barcode="12345", tax_code="123",
                                                         vat_rate="0.15", list_price="1.0000001", colour="red",
                                                         packings=[]))
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"barcode", "tax_code", "list_price", "colour"}
    vat = as_buyer.post("/api/v1/products", json=payload(pcs, case, sku="P9", barcode=None, vat_rate="0.15",
                                                         packings=[]))
    assert vat.status_code == 422 and set(vat.json["error"]["fields"]) == {"vat_rate"}


def test_api_clerks_read_products_but_do_not_create_them(api, make_user, pcs, case):
    clerk = api(make_user("sales_clerk"))
    assert clerk.get("/api/v1/products?q=x").status_code == 200
    assert clerk.post("/api/v1/products", json=payload(pcs, case)).status_code == 403


def test_api_patch_and_delete(api, buyer, make_user, pcs, case, make_product, db):
    product = make_product()
    as_buyer = api(buyer)
    patched = as_buyer.patch(f"/api/v1/products/{product.id}", json={"min_price": "12.00"})
    assert patched.status_code == 422
    assert patched.json["error"]["fields"]["min_price"] == ["最低售价不能高于零售价。"]
    assert as_buyer.patch(f"/api/v1/products/{product.id}", json={"min_price": "8", "location": "A-01-02"}).json[
        "location"] == "A-01-02"
    manager = api(make_user("sales_manager"))
    assert manager.delete(f"/api/v1/products/{product.id}").status_code == 200
    assert manager.delete(f"/api/v1/products/{product.id}").status_code == 404


def test_api_units_and_product_categories(api, buyer):
    as_buyer = api(buyer)
    unit = as_buyer.post("/api/v1/units", json={"code": "KG", "name": "千克", "decimals": 3})
    assert unit.status_code == 201
    assert as_buyer.post("/api/v1/units", json={"code": "kg", "name": "公斤"}).status_code == 422
    assert as_buyer.post("/api/v1/units", json={"code": "G", "name": "克", "decimals": 9}).status_code == 422
    assert as_buyer.delete(f"/api/v1/units/{unit.json['id']}").status_code == 200
    top = as_buyer.post("/api/v1/product-categories", json={"code": "03", "name": "粮油调味"})
    assert top.status_code == 201
    assert as_buyer.post("/api/v1/product-categories", json={"code": "0301", "name": "食用油"}).json["level"] == 2
    assert as_buyer.delete(f"/api/v1/product-categories/{top.json['id']}").status_code == 409


# --- pages -----------------------------------------------------------------------------------------

def test_new_product_form_saves_a_case_row(login, buyer, pcs, case, db):
    client = login(buyer)
    response = client.post("/products/new", data={
        "sku": "P3001", "name": "海天金标生抽", "spec": "1.28L", "base_unit_id": str(pcs.id), "vat_rate": "0.13",
        "list_price": "15.80", "min_price": "13.50", "barcode": PIECE, "active": "on", "batch_tracked": "on",
        "shelf_life_days": "540", "packings-0-id": "", "packings-0-unit_id": str(case.id),
        "packings-0-factor": "12", "packings-0-barcode": CASE, "packings-0-is_sales_default": "on",
        "packings-1-id": "", "packings-1-unit_id": "", "packings-1-factor": "", "packings-1-barcode": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    product = db.scalar(select(Product).where(Product.sku == "P3001"))
    assert product.batch_tracked and product.shelf_life_days == 540
    assert product.case_packing.factor == Decimal("12")
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert CASE in page and "海天金标生抽" in page


def test_a_wrong_check_digit_shows_beside_the_barcode_field(login, buyer, pcs, db):
    client = login(buyer)
    response = client.post("/products/new", data={"sku": "P3002", "name": "x", "base_unit_id": str(pcs.id),
                                                   "vat_rate": "0.13", "list_price": "1", "barcode": wrong(PIECE)})
    assert response.status_code == 422
    assert re.search(r'data-field="barcode">条码的校验位不正确。', response.get_data(as_text=True))
    assert db.scalar(select(Product).where(Product.sku == "P3002")) is None


def test_product_list_units_and_category_pages_render_for_a_clerk(login, make_user, make_product):
    make_product(name="金龙鱼调和油")
    client = login(make_user("sales_clerk"))
    assert "金龙鱼调和油" in client.get("/products/?q=金龙鱼").get_data(as_text=True)
    assert client.get("/products/units/").status_code == 200
    assert client.get("/products/categories").status_code == 200
    assert client.get("/products/new").status_code == 403


def test_erp_check_finds_a_barcode_on_both_a_piece_and_a_packing(db, buyer, pcs, case, make_product):
    from erp.checks import run_checks

    def problems():
        return dict(run_checks(db))["barcodes unique across products and packing units"]

    services.create_product(db, buyer, data(pcs, case))
    assert problems() == []
    other = make_product(barcode=OTHER)
    other.packings[0].barcode = PIECE  # behind the services' back
    db.flush()
    assert problems() == [f"barcode {PIECE}: piece of P1001 and a packing unit"]


def test_unit_pages_create_and_refuse_a_duplicate_code(login, buyer, db):
    client = login(buyer)
    assert client.post("/products/units/new", data={"code": "BAG", "name": "袋", "decimals": "0",
                                                    "active": "on"}).status_code == 302
    duplicate = client.post("/products/units/new", data={"code": "bag", "name": "袋子", "decimals": "0"})
    assert duplicate.status_code == 422 and 'data-field="code"' in duplicate.get_data(as_text=True)
    unit = db.scalar(select(Unit).where(Unit.code == "BAG"))
    assert client.post(f"/products/units/{unit.id}/delete").status_code == 302
    assert db.get(Unit, unit.id) is None
