"""Customers (客户档案): validated codes and USCCs, contacts and ship-to addresses, credit
limits that need their own permission, and no deletion while anything refers to them."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from erp import clock
from erp.customers import services
from erp.customers.credit import CreditLimitChange, CreditLimitChangeLine
from erp.customers.models import Customer, CustomerCategory
from erp.errors import Forbidden, NotFound, ValidationFailed
from erp.masterdata.identifiers import with_uscc_check
from erp.masterdata.references import InUse, find_references
from erp.pricing.models import PriceList
from tests import factories

USCC = with_uscc_check("91310115MA1H7GQX3")  # 91310115MA1H7GQX37
USCC_2 = with_uscc_check("91320500MA1MXB7K2")
WRONG_CHECK = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")


@pytest.fixture
def clerk(make_user):
    return make_user("sales_clerk")


@pytest.fixture
def manager(make_user):
    return make_user("sales_manager")


@pytest.fixture
def category(db):
    return factories.customer_category(db, code="31", name="便利店")


def data(category, **overrides):
    values = {"code": "C9001", "name": "上海好邻居便利店有限公司", "category_id": category.id, "uscc": USCC,
              "payment_terms_days": 30, "contacts": [{"name": "王店长", "phone": "13800001111"}],
              "addresses": [{"recipient": "王店长", "phone": "13800001111", "province": "上海市", "city": "上海市",
                             "district": "浦东新区", "address": "张杨路100号"}]}
    values.update(overrides)
    return values


def count(db):
    return db.scalar(select(func.count(Customer.id)))


# --- services ------------------------------------------------------------------------------------

def test_a_customer_is_created_with_contacts_and_a_default_address(db, clerk, category):
    customer = services.create_customer(db, clerk, data(category))
    assert customer.contacts[0].name == "王店长"
    assert customer.default_address.is_default
    assert customer.default_address.full == "上海市上海市浦东新区张杨路100号"


def test_duplicates_are_named_field_by_field(db, clerk, category, make_customer):
    make_customer(code="C9002", uscc=USCC, member_card_no="M0001")
    with pytest.raises(ValidationFailed) as caught:
        services.create_customer(db, clerk, data(category, code="c9002", member_card_no="M0001"))
    assert set(caught.value.fields) == {"code", "uscc", "member_card_no"}


def test_missing_and_inactive_references_are_refused(db, clerk, category, make_user):
    inactive = make_user(active=False)
    scoped = PriceList(code="PL-C", name="单店价", customer_category_id=category.id)
    db.add(scoped)
    db.flush()
    with pytest.raises(ValidationFailed) as caught:
        services.create_customer(db, clerk, data(category, category_id=999999, salesperson_id=inactive.id,
                                                 price_list_id=scoped.id))
    assert caught.value.fields == {
        "category_id": ["Unknown category."],
        "price_list_id": ["Only a general price list can be assigned to a customer."],
        "salesperson_id": ["This user is inactive."],
    }


def test_changing_a_credit_limit_needs_its_own_permission(db, clerk, manager, category):
    customer = services.create_customer(db, clerk, data(category))
    with pytest.raises(Forbidden):
        services.update_customer(db, clerk, customer.id, {"credit_limit": Decimal("50000.00")})
    services.update_customer(db, manager, customer.id, {"credit_limit": Decimal("50000.00")})
    assert customer.credit_limit == Decimal("50000.00")
    # The same limit sent back (e.g. by the form) is not a change.
    services.update_customer(db, clerk, customer.id, {"credit_limit": Decimal("50000"), "phone": "021-1"})
    assert customer.phone == "021-1"


def test_a_clerk_cannot_create_a_customer_with_a_credit_limit(db, clerk, category):
    with pytest.raises(Forbidden):
        services.create_customer(db, clerk, data(category, credit_limit=Decimal("1000.00")))


def test_contacts_are_kept_changed_removed_and_added_by_id(db, clerk, category):
    customer = services.create_customer(db, clerk, data(category, contacts=[{"name": "甲"}, {"name": "乙"}]))
    first, second = customer.contacts
    services.update_customer(db, clerk, customer.id, {"contacts": [{"id": first.id, "name": "甲（改）"},
                                                                   {"name": "丙"}]})
    assert [c.name for c in customer.contacts] == ["甲（改）", "丙"]
    assert customer.contacts[0].id == first.id


def test_a_contact_of_another_customer_cannot_be_edited_through_this_one(db, clerk, category):
    other = services.create_customer(db, clerk, data(category, code="C9003", uscc=None))
    customer = services.create_customer(db, clerk, data(category, uscc=None))
    with pytest.raises(ValidationFailed) as caught:
        services.update_customer(db, clerk, customer.id, {"contacts": [{"id": other.contacts[0].id, "name": "x"}]})
    assert caught.value.fields == {"contacts": {0: {"id": ["This row does not belong to this record."]}}}
    assert other.contacts[0].name == "王店长"


def test_only_one_address_is_the_default(db, clerk, category):
    address = data(category)["addresses"][0]
    with pytest.raises(ValidationFailed) as caught:
        services.create_customer(db, clerk, data(category, addresses=[dict(address, is_default=True),
                                                                     dict(address, is_default=True)]))
    assert caught.value.fields == {"addresses": ["Only one address can be the default."]}


def test_an_unreferenced_customer_is_deleted_with_its_contacts(db, clerk, manager, category):
    customer = services.create_customer(db, clerk, data(category))
    services.delete_customer(db, manager, customer.id)
    assert db.get(Customer, customer.id) is None


def test_a_customer_with_its_own_price_list_cannot_be_deleted(db, manager, make_customer):
    customer = make_customer()
    db.add(PriceList(code="PL-OWN", name="专享价", customer_id=customer.id))
    db.flush()
    with pytest.raises(InUse) as caught:
        services.delete_customer(db, manager, customer.id)
    assert "price lists 1" in str(caught.value)
    assert caught.value.status == 409


def test_a_reference_from_a_document_table_this_package_does_not_know_also_blocks(db, manager, make_customer):
    """The check walks every foreign key to customers: a credit change line counts too."""
    customer = make_customer()
    doc = CreditLimitChange(doc_date=factories_today(), created_by_id=manager.id)
    doc.lines = [CreditLimitChangeLine(line_no=1, customer=customer, new_limit=Decimal("100.00"))]
    db.add(doc)
    db.flush()
    assert [(r.table, r.count) for r in find_references(db, customer)] == [("credit_limit_change_lines", 1)]
    with pytest.raises(InUse):
        services.delete_customer(db, manager, customer.id)


def factories_today():

    return clock.today()


def test_a_clerk_may_not_delete(db, clerk, make_customer):
    with pytest.raises(Forbidden):
        services.delete_customer(db, clerk, make_customer().id)


def test_the_counter_finds_a_customer_by_member_card(db, make_customer):
    customer = make_customer(member_card_no="880012345678")
    assert services.find_customer(db, " 880012345678 ") is customer
    assert services.find_customer(db, customer.code.lower()) is customer
    with pytest.raises(NotFound):
        services.find_customer(db, "nope")


def test_category_filter_includes_sub_categories(db, make_customer):
    top = factories.customer_category(db, code="41", name="餐饮")
    sub = factories.customer_category(db, code="4101", name="火锅", level=2, parent=top)
    other = factories.customer_category(db, code="42", name="学校")
    a, b = make_customer(category=top), make_customer(category=sub)
    make_customer(category=other)
    found = list(db.scalars(services.query_customers(db, category_id=top.id)))
    assert found == [a, b]


# --- API -------------------------------------------------------------------------------------------

def test_api_creates_reads_updates_and_lists_a_customer(api, clerk, category):
    as_clerk = api(clerk)
    created = as_clerk.post("/api/v1/customers", json=data(category))
    assert created.status_code == 201, created.json
    body = created.json
    assert body["uscc"] == USCC and body["category"]["code"] == "31"
    assert body["addresses"][0]["is_default"] is True and body["credit_limit"] is None
    patched = as_clerk.patch(f"/api/v1/customers/{body['id']}", json={"short_name": "好邻居", "active": False})
    assert patched.json["short_name"] == "好邻居" and patched.json["active"] is False
    listed = as_clerk.get("/api/v1/customers?q=好邻居&active=false").json
    assert [c["code"] for c in listed["items"]] == ["C9001"]
    assert as_clerk.get("/api/v1/customers?active=true&q=好邻居").json["total"] == 0


def test_api_refuses_a_wrong_usc_check_character_and_writes_nothing(api, clerk, category, db):
    before = count(db)
    response = api(clerk).post("/api/v1/customers", json=data(category, uscc=WRONG_CHECK))
    assert response.status_code == 422
    assert response.json["error"]["fields"]["uscc"] == ["统一社会信用代码的校验码不正确。"]
    assert count(db) == before


def test_api_names_every_bad_field_including_nested_rows(api, clerk, category, db):
    before = count(db)
    response = api(clerk).post("/api/v1/customers", json=data(
        category, code="bad code!", name="x" * 121, payment_terms_days="thirty", colour="red",
        contacts=[{"phone": "1"}], addresses=[{"recipient": "x"}]))
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert set(fields) == {"code", "name", "payment_terms_days", "colour", "contacts", "addresses"}
    assert "name" in fields["contacts"]["0"]
    assert {"phone", "address"} <= set(fields["addresses"]["0"])
    assert count(db) == before


def test_api_refuses_malformed_json_and_a_null_name(api, clerk, category, make_customer):
    as_clerk = api(clerk)
    broken = as_clerk.post("/api/v1/customers", data="{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    customer = make_customer()
    assert as_clerk.patch(f"/api/v1/customers/{customer.id}", json={"name": None}).status_code == 422


def test_api_credit_limit_change_by_a_clerk_is_403_and_by_a_manager_200(api, clerk, manager, make_customer):
    customer = make_customer()
    url = f"/api/v1/customers/{customer.id}"
    assert api(clerk).patch(url, json={"credit_limit": "20000"}).status_code == 403
    response = api(manager).patch(url, json={"credit_limit": "20000"})
    assert response.status_code == 200 and response.json["credit_limit"] == "20000.00"


def test_api_delete_is_409_while_referenced_and_403_for_a_clerk(api, clerk, manager, make_customer, db):
    used, free = make_customer(), make_customer()
    db.add(PriceList(code="PL-X", name="专享", customer_id=used.id))
    assert api(clerk).delete(f"/api/v1/customers/{free.id}").status_code == 403
    refused = api(manager).delete(f"/api/v1/customers/{used.id}")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "in_use"
    assert "价格政策 1" in refused.json["error"]["message"]
    assert api(manager).delete(f"/api/v1/customers/{free.id}").status_code == 200
    assert db.get(Customer, free.id) is None and db.get(Customer, used.id) is not None


def test_api_warehouse_staff_see_customers_but_cannot_create_them(api, make_user, category):
    keeper = api(make_user("warehouse"))
    assert keeper.get("/api/v1/customers").status_code == 200
    assert keeper.post("/api/v1/customers", json=data(category)).status_code == 403


def test_api_lookup_by_member_card_and_404_for_unknown(api, clerk, make_customer):
    make_customer(member_card_no="66001")
    assert api(clerk).get("/api/v1/customers/lookup?code=66001").json["member_card_no"] == "66001"
    assert api(clerk).get("/api/v1/customers/lookup?code=00000").status_code == 404
    assert api(clerk).get("/api/v1/customers/999999").status_code == 404


def test_api_create_is_idempotent_with_a_key(api, clerk, category, db):
    as_clerk = api(clerk)
    first = as_clerk.post("/api/v1/customers", json=data(category), headers={"Idempotency-Key": "k-1"})
    again = as_clerk.post("/api/v1/customers", json=data(category), headers={"Idempotency-Key": "k-1"})
    assert again.status_code == 201 and again.json["id"] == first.json["id"]
    assert db.scalar(select(func.count(Customer.id)).where(Customer.code == "C9001")) == 1


# --- pages -----------------------------------------------------------------------------------------

def form(category, **overrides):
    values = {"code": "C9100", "name": "杭州鲜丰水果超市", "category_id": str(category.id), "uscc": USCC_2,
              "payment_terms_days": "15", "active": "on", "contacts-0-id": "", "contacts-0-name": "李经理",
              "contacts-0-phone": "13900002222", "contacts-1-id": "", "contacts-1-name": "",
              "addresses-0-id": "", "addresses-0-recipient": "李经理", "addresses-0-phone": "13900002222",
              "addresses-0-address": "文三路1号", "addresses-0-is_default": "on"}
    values.update(overrides)
    return values


def test_new_customer_form_saves_contacts_and_addresses(login, clerk, category, db):
    client = login(clerk)
    response = client.post("/customers/new", data=form(category))
    assert response.status_code == 302
    customer = db.scalar(select(Customer).where(Customer.code == "C9100"))
    assert [c.name for c in customer.contacts] == ["李经理"]
    assert customer.default_address.address == "文三路1号"
    page = client.get(f"/customers/{customer.id}").get_data(as_text=True)
    assert "李经理" in page and 'name="contacts-0-name"' in page


def test_a_bad_credit_code_shows_beside_its_field_and_saves_nothing(login, clerk, category, db):
    client = login(clerk)
    response = client.post("/customers/new", data=form(category, uscc=WRONG_CHECK,
                                                       **{"contacts-0-name": "", "contacts-0-phone": "139"}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<div class="field-error" data-field="uscc">统一社会信用代码的校验码不正确。</div>' in page
    assert 'data-field="contacts.0.name"' in page
    assert db.scalar(select(Customer).where(Customer.code == "C9100")) is None


def test_list_page_searches_and_filters_by_category(login, clerk, make_customer, db):
    top = factories.customer_category(db, code="51", name="团餐")
    make_customer(name="宁波学校食堂", category=top)
    # its own category: a default one could be 团餐 itself (the factory's codes come round to "51")
    make_customer(name="宁波大酒店", category=factories.customer_category(db, code="52", name="酒店"))
    client = login(clerk)
    page = client.get(f"/customers/?q=宁波&category_id={top.id}").get_data(as_text=True)
    assert "宁波学校食堂" in page and "宁波大酒店" not in page
    assert "客户档案" in page or "客户" in page


def test_delete_button_refuses_a_used_customer_with_a_message(login, manager, make_customer, db):
    customer = make_customer()
    db.add(PriceList(code="PL-Y", name="专享", customer_id=customer.id))
    client = login(manager)
    response = client.post(f"/customers/{customer.id}/delete", follow_redirects=True)
    assert "价格政策 1" in response.get_data(as_text=True)
    assert db.get(Customer, customer.id) is not None


def test_a_clerk_sees_the_credit_limit_read_only(login, clerk, make_customer):
    customer = make_customer(credit_limit=Decimal("8000.00"))
    page = login(clerk).get(f"/customers/{customer.id}").get_data(as_text=True)
    assert re.search(r'name="credit_limit" value="8000.00"\s+readonly', page)
    assert not re.search(r'name="name" value="[^"]*"\s+readonly', page)


def test_category_model_is_the_one_the_factory_uses():
    assert CustomerCategory.__tablename__ == "customer_categories"


def test_the_master_data_menu_and_english_labels(login, clerk, make_customer):
    make_customer(name="英文界面客户")
    client = login(clerk)
    home = client.get("/").get_data(as_text=True)
    for url in ("/customers/", "/customers/categories", "/products/", "/pricing/", "/pricing/check"):
        assert f'href="{url}"' in home
    client.get("/lang/en")
    page = client.get("/customers/?q=英文界面").get_data(as_text=True)
    assert "New customer" in page and "Credit limit" in page and "英文界面客户" in page


def test_ids_no_record_can_have_are_a_404_or_a_field_error_never_a_500(api, clerk, category):
    huge = 10 ** 20
    as_clerk = api(clerk)
    assert as_clerk.get(f"/api/v1/customers/{huge}").status_code == 404
    listed = as_clerk.get(f"/api/v1/customers?salesperson_id={huge}")
    assert listed.status_code == 422 and listed.json["error"]["fields"] == {"salesperson_id": ["不是有效的编号。"]}
    created = as_clerk.post("/api/v1/customers", json=data(category, price_list_id=huge, salesperson_id=-1))
    assert created.status_code == 422 and set(created.json["error"]["fields"]) == {"price_list_id", "salesperson_id"}
