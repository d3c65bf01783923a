"""Demo data: a believable distributor whose every code, barcode and USCC is valid, the same
on every machine."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from erp.auth.permissions import ROLES
from erp.customers.demo import customer_rows
from erp.customers.models import Customer
from erp.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data, load_master_data
from erp.masterdata.identifiers import barcode_problem, uscc_problem
from erp.pricing.resolve import PriceSource, resolve_price
from erp.products.demo import catalogue
from erp.products.models import Product


@pytest.fixture
def demo(db, app):  # ``app`` makes password hashing cheap for the test
    return load_master_data(db)


def test_the_generators_give_the_same_data_every_time():
    assert customer_rows() == customer_rows()
    assert catalogue() == catalogue()


def test_the_demo_distributor_has_enough_of_everything(demo):
    summary = demo.summary()
    assert summary["customers"] >= 50 and summary["products"] >= 200
    assert summary["warehouses"] == 3 and summary["suppliers"] >= 10 and summary["price lists"] >= 5
    assert {c.level for c in demo.customer_categories.values()} == {1, 2, 3}
    roles = {role for user in demo.users.values() for role in user.role_codes}
    assert roles == set(ROLES)


def test_every_uscc_and_barcode_is_valid_and_unique(demo):
    usccs = [c.uscc for c in demo.customers] + [s.uscc for s in demo.suppliers.values()]
    assert all(uscc_problem(u) is None for u in usccs) and len(set(usccs)) == len(usccs)
    barcodes = [p.barcode for p in demo.products] + [k.barcode for p in demo.products for k in p.packings]
    assert all(barcode_problem(b) is None for b in barcodes) and len(set(barcodes)) == len(barcodes)
    assert {len(p.barcode) for p in demo.products} == {13}
    assert {len(p.case_packing.barcode) for p in demo.products} == {14}


def test_products_have_cases_batches_vat_rates_and_minimum_prices(demo):
    assert all(p.case_packing is not None and p.case_packing.factor > 1 for p in demo.products)
    batch_tracked = [p for p in demo.products if p.batch_tracked]
    assert len(batch_tracked) >= 50 and all(p.shelf_life_days for p in batch_tracked)
    assert {p.vat_rate for p in demo.products} == {Decimal("0.13"), Decimal("0.09")}
    assert all(p.min_price is not None and p.min_price <= p.list_price for p in demo.products)
    assert all(p.preferred_supplier is not None and len(p.tax_code) == 19 for p in demo.products)


def test_customers_have_contacts_addresses_salespeople_and_limits(demo):
    customers = demo.customers
    assert all(c.contacts and c.default_address is not None for c in customers)
    assert len({c.salesperson_id for c in customers if c.salesperson_id}) >= 3
    assert any(c.credit_limit is None for c in customers) and any(c.credit_limit == 0 for c in customers)
    assert max(c.credit_limit or 0 for c in customers) >= Decimal("200000")
    members = [c for c in customers if c.category.code.startswith("04")]
    assert members and all(c.member_card_no and c.price_list is not None for c in members)


def test_price_lists_give_wholesalers_their_prices_with_case_breaks(db, demo):
    wholesaler = next(c for c in demo.customers if c.category.code == "010102")
    product = next(p for p in demo.products if p.sku == "010101002")  # 550 ml water, 24 a case
    small = resolve_price(db, wholesaler, product, Decimal("24"), demo.price_lists[0].created_at.date())
    bulk = resolve_price(db, wholesaler, product, product.case_packing.factor * 5, demo.price_lists[0].created_at.date())
    assert small.source_kind == bulk.source_kind == PriceSource.CATEGORY
    assert bulk.unit_price < small.unit_price < product.list_price
    for price_list in demo.price_lists:
        for item in price_list.items:
            assert item.price >= item.product.min_price


def test_warehouse_staff_are_restricted_to_their_warehouse(demo):
    assert [w.code for w in demo.users["warehouse"].warehouses] == ["WH01"]
    assert [w.code for w in demo.users["counter"].warehouses] == ["WH03"]
    assert demo.users["clerk"].warehouses == []


def test_every_demo_user_logs_in_with_the_demo_password(demo, client):
    for username, _name, _roles in DEMO_USERS:
        response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post("/logout")


def test_erp_demo_data_loads_master_data_and_opening_stock(db, app):
    summary = load_demo_data(db)
    assert summary["customers"] == db.scalar(select(func.count(Customer.id))) >= 50
    assert summary["products"] == db.scalar(select(func.count(Product.id))) >= 200
    assert summary.get("opening stock-ins", 0) >= 1


def test_the_demo_warehouse_ships_an_outbound_with_a_demo_carrier_and_its_own_waybill(db, app):
    from erp.auth.models import User
    from logistics.carriers.models import Carrier
    from logistics.shipments.services import create_shipment, unshipped_outbounds

    summary = load_demo_data(db)
    assert summary["carriers"] == 3
    keeper = db.scalar(select(User).where(User.username == "warehouse"))
    outbound = next(o for o in unshipped_outbounds(db, keeper) if o.customer is not None)
    sf = db.scalar(select(Carrier).where(Carrier.code == "SF"))
    shipment = create_shipment(db, keeper, {"outbound_ids": [outbound.id], "carrier_id": sf.id})
    assert shipment.waybill_number.startswith("SF") and shipment.packages
