"""Price lists (价格政策) and the price a customer pays: the customer's own lists, then the
list assigned to the customer, then lists of the customer's category and its parents, then
the product's list price; the highest quantity break not above the quantity; only active
lists valid on the date."""
import datetime as dt
from decimal import Decimal

import pytest

from erp.errors import Forbidden, ValidationFailed
from erp.masterdata.references import InUse
from erp.pricing import services
from erp.pricing.models import PriceList
from erp.pricing.resolve import PriceSource, resolve_price
from tests import factories

D = Decimal
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def manager(make_user):
    return make_user("sales_manager")


@pytest.fixture
def tree(db):
    top = factories.customer_category(db, code="61", name="批发商")
    mid = factories.customer_category(db, code="6101", name="二级批发", level=2, parent=top)
    leaf = factories.customer_category(db, code="610101", name="县级批发", level=3, parent=mid)
    return top, mid, leaf


@pytest.fixture
def water(make_product):
    return make_product(sku="W550", name="饮用天然水", list_price=D("2.00"), min_price=D("1.20"))


@pytest.fixture
def shop(make_customer, tree):
    return make_customer(code="C6001", category=tree[2])


def price_list(db, manager, code, items, **header):
    data = {"code": code, "name": f"价格政策{code}", "items": [
        {"product_id": product.id, "min_qty": D(str(min_qty)), "price": D(str(price))}
        for product, min_qty, price in items]}
    data.update(header)
    return services.create_price_list(db, manager, data)


def quote(db, customer, product, qty, on=TODAY):
    return resolve_price(db, customer, product, D(str(qty)), on)


# --- precedence ----------------------------------------------------------------------------------

def test_without_any_list_the_product_list_price_applies(db, shop, water):
    result = quote(db, shop, water, 10)
    assert (result.unit_price, result.source_kind) == (D("2.00"), PriceSource.LIST_PRICE)
    assert result.source == "Product list price"
    assert result.price_includes_vat is True


def test_a_walk_in_buyer_pays_the_list_price(db, manager, water, tree):
    price_list(db, manager, "P-CAT", [(water, 0, "1.80")], customer_category_id=tree[0].id)
    assert quote(db, None, water, 100).unit_price == D("2.00")


def test_a_list_of_a_parent_category_applies_when_the_own_category_has_none(db, manager, shop, water, tree):
    price_list(db, manager, "P-TOP", [(water, 0, "1.80")], customer_category_id=tree[0].id)
    result = quote(db, shop, water, 10)
    assert (result.unit_price, result.source_kind) == (D("1.80"), PriceSource.CATEGORY)
    assert result.source == "Customer category price list P-TOP (61 批发商)"


def test_the_nearest_category_wins_over_its_parents(db, manager, shop, water, tree):
    price_list(db, manager, "P-TOP", [(water, 0, "1.80")], customer_category_id=tree[0].id)
    price_list(db, manager, "P-MID", [(water, 0, "1.70")], customer_category_id=tree[1].id)
    assert quote(db, shop, water, 10).price_list.code == "P-MID"


def test_a_list_of_a_sibling_category_does_not_apply(db, manager, shop, water, tree):
    sibling = factories.customer_category(db, code="610102", name="乡镇批发", level=3, parent=tree[1])
    price_list(db, manager, "P-SIB", [(water, 0, "1.50")], customer_category_id=sibling.id)
    assert quote(db, shop, water, 10).source_kind == PriceSource.LIST_PRICE


def test_the_assigned_list_wins_over_category_lists(db, manager, shop, water, tree):
    price_list(db, manager, "P-MID", [(water, 0, "1.70")], customer_category_id=tree[1].id)
    shop.price_list = price_list(db, manager, "P-GEN", [(water, 0, "1.75")])
    result = quote(db, shop, water, 10)
    assert (result.unit_price, result.source_kind, result.source) == (
        D("1.75"), PriceSource.ASSIGNED, "Price list P-GEN")


def test_the_customers_own_list_wins_over_everything(db, manager, shop, water, tree):
    price_list(db, manager, "P-MID", [(water, 0, "1.70")], customer_category_id=tree[1].id)
    shop.price_list = price_list(db, manager, "P-GEN", [(water, 0, "1.75")])
    price_list(db, manager, "P-OWN", [(water, 0, "1.90")], customer_id=shop.id)
    result = quote(db, shop, water, 10)
    assert (result.unit_price, result.source_kind) == (D("1.90"), PriceSource.CUSTOMER)


def test_another_customers_list_is_never_used(db, manager, shop, water, make_customer, tree):
    other = make_customer(category=tree[2])
    price_list(db, manager, "P-OTHER", [(water, 0, "1.30")], customer_id=other.id)
    assert quote(db, shop, water, 10).source_kind == PriceSource.LIST_PRICE


# --- quantity breaks -----------------------------------------------------------------------------

def test_the_highest_break_not_above_the_quantity_wins(db, manager, shop, water):
    price_list(db, manager, "P001", [(water, 0, "1.90"), (water, 48, "1.80"), (water, 240, "1.60")],
               customer_id=shop.id)
    assert quote(db, shop, water, 1).unit_price == D("1.90")
    assert quote(db, shop, water, 47).unit_price == D("1.90")
    assert quote(db, shop, water, 48).unit_price == D("1.80")
    assert quote(db, shop, water, 239).unit_price == D("1.80")
    assert quote(db, shop, water, 240).unit_price == D("1.60")
    assert quote(db, shop, water, 48).source == "Customer price list P001 ≥ 48"
    assert quote(db, shop, water, 1).source == "Customer price list P001"


def test_a_list_whose_breaks_start_above_the_quantity_lets_the_next_step_apply(db, manager, shop, water, tree):
    price_list(db, manager, "P-BULK", [(water, 48, "1.70")], customer_id=shop.id)
    price_list(db, manager, "P-TOP", [(water, 0, "1.85")], customer_category_id=tree[0].id)
    assert quote(db, shop, water, 10).price_list.code == "P-TOP"
    assert quote(db, shop, water, 48).price_list.code == "P-BULK"


def test_fractional_quantities_compare_exactly(db, manager, shop, make_product):
    rice = make_product(list_price=D("6.00"), case_factor=None)
    price_list(db, manager, "P-KG", [(rice, D("0"), "5.80"), (rice, D("25.5"), "5.50")], customer_id=shop.id)
    assert quote(db, shop, rice, D("25.4999")).unit_price == D("5.80")
    assert quote(db, shop, rice, D("25.5")).unit_price == D("5.50")


# --- validity, state, priority, VAT ----------------------------------------------------------------

def test_only_active_lists_valid_on_the_date_count(db, manager, shop, water):
    price_list(db, manager, "P-OFF", [(water, 0, "1.30")], customer_id=shop.id, active=False)
    price_list(db, manager, "P-LATER", [(water, 0, "1.40")], customer_id=shop.id, valid_from=TODAY + dt.timedelta(days=1))
    price_list(db, manager, "P-PAST", [(water, 0, "1.50")], customer_id=shop.id, valid_to=TODAY - dt.timedelta(days=1))
    assert quote(db, shop, water, 10).source_kind == PriceSource.LIST_PRICE
    assert quote(db, shop, water, 10, on=TODAY + dt.timedelta(days=1)).price_list.code == "P-LATER"
    assert quote(db, shop, water, 10, on=TODAY - dt.timedelta(days=1)).price_list.code == "P-PAST"


def test_a_list_is_valid_on_its_first_and_last_day(db, manager, shop, water):
    price_list(db, manager, "P-JUNE", [(water, 0, "1.60")], customer_id=shop.id,
               valid_from=dt.date(2026, 6, 1), valid_to=dt.date(2026, 6, 30))
    assert quote(db, shop, water, 1, on=dt.date(2026, 6, 1)).price_list.code == "P-JUNE"
    assert quote(db, shop, water, 1, on=dt.date(2026, 6, 30)).price_list.code == "P-JUNE"
    assert quote(db, shop, water, 1, on=dt.date(2026, 7, 1)).source_kind == PriceSource.LIST_PRICE


def test_of_two_lists_at_one_step_the_higher_priority_then_the_later_start_wins(db, manager, shop, water):
    price_list(db, manager, "P-A", [(water, 0, "1.50")], customer_id=shop.id, valid_from=dt.date(2026, 1, 1))
    price_list(db, manager, "P-B", [(water, 0, "1.60")], customer_id=shop.id, valid_from=dt.date(2026, 5, 1))
    assert quote(db, shop, water, 10).price_list.code == "P-B"
    price_list(db, manager, "P-C", [(water, 0, "1.70")], customer_id=shop.id, priority=10)
    assert quote(db, shop, water, 10).price_list.code == "P-C"


def test_prices_without_vat_are_quoted_with_the_products_vat(db, manager, shop, water):
    price_list(db, manager, "P-NET", [(water, 0, "1.60")], customer_id=shop.id, price_includes_vat=False)
    result = quote(db, shop, water, 10)
    assert result.unit_price == D("1.808000")  # 1.60 × 1.13
    assert result.price_includes_vat is False
    assert result.unit_price_excl_vat == D("1.600000")


# --- price list rules --------------------------------------------------------------------------------

def test_a_list_is_for_one_customer_or_one_category_with_dates_in_order(db, manager, shop, tree, water):
    with pytest.raises(ValidationFailed) as caught:
        price_list(db, manager, "P-BAD", [(water, 0, "1.5")], customer_id=shop.id, customer_category_id=tree[0].id,
                   valid_from=dt.date(2026, 2, 1), valid_to=dt.date(2026, 1, 1))
    assert set(caught.value.fields) == {"customer_category_id", "valid_to"}


def test_items_are_one_per_product_and_quantity_and_not_below_the_minimum_price(db, manager, water, make_product):
    retired = make_product(active=False)
    with pytest.raises(ValidationFailed) as caught:
        price_list(db, manager, "P-BAD", [(water, 0, "1.50"), (water, 0, "1.40"), (water, 10, "1.10"),
                                          (retired, 0, "9")])
    assert caught.value.fields == {"items": {
        1: {"min_qty": ["This product already has a price from this quantity."]},
        2: {"price": ["Below the product's minimum price."]},
        3: {"product_id": ["This product is inactive."]}}}


def test_a_price_without_vat_is_compared_with_the_minimum_after_vat(db, manager, water):
    # 1.10 + 13 % = 1.243 > 1.20: allowed; 1.05 + 13 % = 1.1865 < 1.20: refused
    price_list(db, manager, "P-N1", [(water, 0, "1.10")], price_includes_vat=False)
    with pytest.raises(ValidationFailed):
        price_list(db, manager, "P-N2", [(water, 0, "1.05")], price_includes_vat=False)


def test_items_are_replaced_by_product_and_quantity(db, manager, water, make_product):
    cola = make_product(list_price=D("3.00"))
    pl = price_list(db, manager, "P-UPD", [(water, 0, "1.90"), (water, 48, "1.80")])
    services.update_price_list(db, manager, pl.id, {"items": [
        {"product_id": water.id, "min_qty": D("48"), "price": D("1.75")},
        {"product_id": cola.id, "min_qty": D("0"), "price": D("2.80")}]})
    db.expire_all()
    pl = db.get(PriceList, pl.id)
    assert [(i.product.sku, i.min_qty, i.price) for i in pl.items] == [
        (water.sku, D("48.0000"), D("1.750000")), (cola.sku, D("0.0000"), D("2.800000"))]


def test_a_list_assigned_to_customers_cannot_be_deleted_nor_scoped(db, manager, shop, water, tree):
    general = price_list(db, manager, "P-GEN", [(water, 0, "1.90")])
    shop.price_list_id = general.id
    with pytest.raises(InUse):
        services.delete_price_list(db, manager, general.id)
    with pytest.raises(ValidationFailed):
        services.update_price_list(db, manager, general.id, {"customer_category_id": tree[0].id})
    spare = price_list(db, manager, "P-SPARE", [(water, 0, "1.90")])
    services.delete_price_list(db, manager, spare.id)
    assert db.get(PriceList, spare.id) is None


def test_clerks_may_not_change_price_lists(db, make_user, water):
    with pytest.raises(Forbidden):
        price_list(db, make_user("sales_clerk"), "P-X", [(water, 0, "1.9")])


# --- API ----------------------------------------------------------------------------------------------

def test_api_creates_filters_and_resolves(api, manager, make_user, shop, water, tree):
    as_manager = api(manager)
    created = as_manager.post("/api/v1/price-lists", json={
        "code": "P001", "name": "好邻居专享价", "customer_id": shop.id,
        "items": [{"product_id": water.id, "price": "1.90"}, {"product_id": water.id, "min_qty": "48", "price": "1.80"}]})
    assert created.status_code == 201, created.json
    assert created.json["scope"] == "customer" and created.json["items"][1]["min_qty"] == "48.0000"
    listed = as_manager.get(f"/api/v1/price-lists?scope=customer&product_id={water.id}&valid_on=2026-06-15")
    assert [p["code"] for p in listed.json["items"]] == ["P001"]
    assert as_manager.get("/api/v1/price-lists?scope=general").json["total"] == 0
    clerk = api(make_user("sales_clerk"))
    resolved = clerk.get(f"/api/v1/price-lists/resolve?customer_id={shop.id}&product_id={water.id}&qty=48")
    assert resolved.status_code == 200
    assert resolved.json["unit_price"] == "1.800000"
    assert resolved.json["source"] == "客户价格政策 P001 ≥ 48"
    assert resolved.json["source_kind"] == "customer"
    listed_price = clerk.get(f"/api/v1/price-lists/resolve?product_id={water.id}")
    assert listed_price.json["source"] == "商品零售价"


def test_api_refuses_bad_input_and_clerks(api, manager, make_user, water):
    as_manager = api(manager)
    bad = as_manager.post("/api/v1/price-lists", json={"code": "P 1", "name": "x", "valid_from": "2026-13-01",
                                                       "items": [{"product_id": water.id, "price": "-1"}]})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"code", "valid_from", "items"}
    assert api(make_user("sales_clerk")).post("/api/v1/price-lists", json={"code": "P2", "name": "x"}).status_code == 403
    assert api(make_user("warehouse")).get("/api/v1/price-lists").status_code == 403
    assert as_manager.get(f"/api/v1/price-lists/resolve?product_id={water.id}&qty=abc").status_code == 422
    assert as_manager.get("/api/v1/price-lists/resolve?product_id=999999").status_code == 404


def test_api_patch_and_delete_answer_409_while_assigned(api, manager, shop, water):
    as_manager = api(manager)
    created = as_manager.post("/api/v1/price-lists", json={"code": "P-G", "name": "通用价",
                                                           "items": [{"product_id": water.id, "price": "1.9"}]}).json
    patched = as_manager.patch(f"/api/v1/price-lists/{created['id']}", json={"name": "通用价2026", "priority": 5})
    assert patched.json["name"] == "通用价2026" and patched.json["priority"] == 5
    shop.price_list_id = created["id"]
    assert as_manager.delete(f"/api/v1/price-lists/{created['id']}").status_code == 409


# --- pages -------------------------------------------------------------------------------------------

def test_price_list_form_saves_breaks_and_shows_errors_beside_rows(login, manager, water, db):
    client = login(manager)
    response = client.post("/pricing/new", data={
        "code": "P-WEB", "name": "网页价", "price_includes_vat": "on", "active": "on", "priority": "0",
        "items-0-product_id": str(water.id), "items-0-min_qty": "0", "items-0-price": "1.95",
        "items-1-product_id": str(water.id), "items-1-min_qty": "24", "items-1-price": "1.00"})
    assert response.status_code == 422
    assert 'data-field="items.1.price"' in response.get_data(as_text=True)
    assert db.query(PriceList).filter_by(code="P-WEB").first() is None
    response = client.post("/pricing/new", data={
        "code": "P-WEB", "name": "网页价", "price_includes_vat": "on", "active": "on", "priority": "0",
        "items-0-product_id": str(water.id), "items-0-min_qty": "0", "items-0-price": "1.95",
        "items-1-product_id": str(water.id), "items-1-min_qty": "24", "items-1-price": "1.85"})
    assert response.status_code == 302
    pl = db.query(PriceList).filter_by(code="P-WEB").one()
    assert len(pl.items) == 2
    page = client.get(f"/pricing/{pl.id}").get_data(as_text=True)
    assert "W550 饮用天然水" in page


def test_price_check_page_says_where_the_price_comes_from(login, manager, shop, water, db):
    price_list(db, manager, "P001", [(water, 0, "1.90"), (water, 48, "1.80")], customer_id=shop.id)
    client = login(manager)
    page = client.get(f"/pricing/check?customer_id={shop.id}&product=W550&qty=48").get_data(as_text=True)
    assert "客户价格政策 P001 ≥ 48" in page and "1.80" in page
    assert client.get("/pricing/").status_code == 200
