"""Customer categories (客户分类): codes under the coding rule, only the name editable,
no deletion while used or while it has sub-categories."""
import pytest

from erp.customers.models import CustomerCategory
from erp.customers.services import CUSTOMER_CATEGORIES as TREE
from erp.errors import Conflict, Forbidden, ValidationFailed
from erp.masterdata import categories
from erp.masterdata.coding import CodingRule
from erp.settings.services import set_setting


@pytest.fixture
def manager(make_user):
    return make_user("sales_manager")


def create(db, actor, code, name="分类"):
    return categories.create_category(db, actor, TREE, {"code": code, "name": name})


def test_the_coding_rule_gives_the_length_of_each_level():
    rule = CodingRule.parse("2-2-2")
    assert rule.lengths == (2, 4, 6)
    assert rule.level_of("0101") == 2
    assert rule.parent_code("010203") == "0102"
    assert rule.parent_code("01") is None
    assert rule.level_of("010") is None
    assert CodingRule.parse("3-2").lengths == (3, 5)


def test_a_child_code_starts_with_its_parent_code_and_has_the_length_of_its_level(db, manager):
    top = create(db, manager, "01", "批发商")
    child = create(db, manager, "0101", "二级批发")
    leaf = create(db, manager, "010101", "区县批发")
    assert (top.level, child.level, leaf.level) == (1, 2, 3)
    assert leaf.parent is child and child.parent is top


def test_a_code_of_a_length_no_level_has_is_refused_with_the_rule_explained(db, manager):
    create(db, manager, "01")
    with pytest.raises(ValidationFailed) as caught:
        create(db, manager, "010")
    assert caught.value.fields == {"code": ["The length of the code does not fit the coding rule."]}
    assert "2-2-2" in str(caught.value) and "2/4/6" in str(caught.value)


def test_a_code_below_a_missing_parent_is_refused(db, manager):
    with pytest.raises(ValidationFailed) as caught:
        create(db, manager, "0903")
    assert "09" in str(caught.value)
    assert caught.value.fields["code"] == ["Create the parent category first."]


def test_letters_in_a_category_code_are_refused(db, manager):
    with pytest.raises(ValidationFailed) as caught:
        create(db, manager, "A1")
    assert caught.value.fields["code"] == ["A category code has digits only."]


def test_a_code_is_unique(db, manager):
    create(db, manager, "02")
    with pytest.raises(ValidationFailed) as caught:
        create(db, manager, "02")
    assert caught.value.fields["code"] == ["This code is already used."]


def test_the_coding_rule_comes_from_the_setting(db, manager):
    set_setting(db, None, "customer_category.coding_rule", "3-3")
    create(db, manager, "001")
    assert create(db, manager, "001002").level == 2
    with pytest.raises(ValidationFailed):
        create(db, manager, "01")


def test_only_the_name_changes_after_creation(db, manager):
    top = create(db, manager, "03", "零售")
    categories.update_category(db, manager, TREE, top.id, {"name": "零售客户"})
    assert top.name == "零售客户"
    with pytest.raises(ValidationFailed) as caught:
        categories.update_category(db, manager, TREE, top.id, {"code": "04"})
    assert caught.value.fields["code"] == ["The code cannot be changed once the category exists."]


def test_a_category_with_children_cannot_be_deleted(db, manager):
    top = create(db, manager, "04")
    create(db, manager, "0401")
    with pytest.raises(Conflict) as caught:
        categories.delete_category(db, manager, TREE, top.id)
    assert caught.value.code == "has_children"


def test_a_category_used_by_a_customer_cannot_be_deleted(db, manager, make_customer):
    top = create(db, manager, "05", "餐饮")
    make_customer(category=top)
    with pytest.raises(Conflict) as caught:
        categories.delete_category(db, manager, TREE, top.id)
    assert caught.value.code == "in_use"
    assert "customers 1" in str(caught.value)


def test_an_unused_leaf_category_is_deleted(db, manager):
    top = create(db, manager, "06")
    categories.delete_category(db, manager, TREE, top.id)
    assert db.get(CustomerCategory, top.id) is None


def test_a_sales_clerk_may_not_change_categories(db, make_user):
    with pytest.raises(Forbidden):
        create(db, make_user("sales_clerk"), "07")


# --- API -----------------------------------------------------------------------------------

def test_api_creates_lists_and_renames_categories(api, manager):
    as_manager = api(manager)
    response = as_manager.post("/api/v1/customer-categories", json={"code": "11", "name": "商超"})
    assert response.status_code == 201, response.json
    top = response.json
    child = as_manager.post("/api/v1/customer-categories", json={"code": "1101", "name": "连锁超市",
                                                                 "parent_id": top["id"]}).json
    assert child["level"] == 2 and child["parent"]["code"] == "11"
    listed = as_manager.get("/api/v1/customer-categories?q=超").json
    assert [c["code"] for c in listed["items"]] == ["11", "1101"]
    renamed = as_manager.patch(f"/api/v1/customer-categories/{top['id']}", json={"name": "商超渠道"})
    assert renamed.status_code == 200 and renamed.json["name"] == "商超渠道"


def test_api_refuses_a_wrong_parent_and_a_code_change(api, manager):
    as_manager = api(manager)
    a = as_manager.post("/api/v1/customer-categories", json={"code": "12", "name": "甲"}).json
    b = as_manager.post("/api/v1/customer-categories", json={"code": "13", "name": "乙"}).json
    wrong = as_manager.post("/api/v1/customer-categories", json={"code": "1201", "name": "丙", "parent_id": b["id"]})
    assert wrong.status_code == 422
    assert "parent_id" in wrong.json["error"]["fields"]
    change = as_manager.patch(f"/api/v1/customer-categories/{a['id']}", json={"code": "14"})
    assert change.status_code == 422
    assert change.json["error"]["fields"]["code"] == ["分类创建后编码不能修改。"]


def test_api_delete_answers_409_while_in_use_and_200_when_free(api, manager, make_customer, db):
    as_manager = api(manager)
    used = as_manager.post("/api/v1/customer-categories", json={"code": "15", "name": "已用"}).json
    make_customer(category=db.get(CustomerCategory, used["id"]))
    refused = as_manager.delete(f"/api/v1/customer-categories/{used['id']}")
    assert refused.status_code == 409
    assert "客户 1" in refused.json["error"]["message"]
    free = as_manager.post("/api/v1/customer-categories", json={"code": "16", "name": "空"}).json
    assert as_manager.delete(f"/api/v1/customer-categories/{free['id']}").json == {"deleted": True, "id": free["id"]}


def test_api_refuses_clerks_with_403_and_bad_input_with_422(api, make_user, manager):
    clerk = api(make_user("sales_clerk"))
    assert clerk.post("/api/v1/customer-categories", json={"code": "17", "name": "x"}).status_code == 403
    assert clerk.get("/api/v1/customer-categories").status_code == 200
    bad = api(manager).post("/api/v1/customer-categories", json={"code": "18", "name": "x" * 81, "colour": 1})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"name", "colour"}


# --- pages ------------------------------------------------------------------------------------

def test_category_page_adds_a_category_and_shows_a_code_error_beside_the_field(login, manager):
    client = login(manager)
    ok = client.post("/customers/categories", data={"code": "21", "name": "团购"})
    assert ok.status_code == 302
    page = client.get("/customers/categories").get_data(as_text=True)
    assert "团购" in page and "2-2-2" in page
    bad = client.post("/customers/categories", data={"code": "2", "name": "错"})
    assert bad.status_code == 422
    assert 'data-field="code"' in bad.get_data(as_text=True)


def test_category_page_refuses_deleting_a_used_category_with_a_message(login, manager, make_customer, db):
    client = login(manager)
    client.post("/customers/categories", data={"code": "22", "name": "在用"})
    category = db.query(CustomerCategory).filter_by(code="22").one()
    make_customer(category=category)
    response = client.post(f"/customers/categories/{category.id}/delete", follow_redirects=True)
    assert "客户 1" in response.get_data(as_text=True)
    assert db.get(CustomerCategory, category.id) is not None
