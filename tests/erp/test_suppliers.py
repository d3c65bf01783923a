"""Suppliers (供应商档案) — and the rule they share with warehouses: delete only what nothing
references, otherwise deactivate."""
import re

import pytest
from sqlalchemy import func, select

from erp.errors import Forbidden, ValidationFailed
from erp.masterdata.identifiers import with_uscc_check
from erp.masterdata.references import InUse
from erp.suppliers import services
from erp.suppliers.models import Supplier
from erp.warehouses import services as warehouses
from erp.warehouses.models import Warehouse

USCC = with_uscc_check("91330110MA2CFM7D1")
WRONG = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")


@pytest.fixture
def buyer(make_user):
    return make_user("purchaser")


def data(**overrides):
    values = {"code": "S0101", "name": "杭州娃哈哈饮料销售有限公司", "uscc": USCC, "contact": "周经理",
              "phone": "0571-8888 0000", "payment_terms_days": 45}
    values.update(overrides)
    return values


def test_a_supplier_is_created_and_its_code_and_uscc_are_unique(db, buyer):
    supplier = services.create_supplier(db, buyer, data())
    assert supplier.payment_terms_days == 45
    with pytest.raises(ValidationFailed) as caught:
        services.create_supplier(db, buyer, data(code="s0101"))
    assert set(caught.value.fields) == {"code", "uscc"}


def test_a_supplier_preferred_by_a_product_cannot_be_deleted(db, buyer, make_product):
    supplier = services.create_supplier(db, buyer, data())
    make_product(preferred_supplier_id=supplier.id)
    with pytest.raises(InUse) as caught:
        services.delete_supplier(db, buyer, supplier.id)
    assert "products 1" in str(caught.value)
    services.update_supplier(db, buyer, supplier.id, {"active": False})
    assert supplier.active is False


def test_an_unused_supplier_is_deleted(db, buyer):
    supplier = services.create_supplier(db, buyer, data())
    services.delete_supplier(db, buyer, supplier.id)
    assert db.get(Supplier, supplier.id) is None


def test_sales_clerks_may_not_edit_suppliers(db, make_user):
    with pytest.raises(Forbidden):
        services.create_supplier(db, make_user("sales_clerk"), data())


def test_api_supplier_crud_with_field_errors(api, buyer, make_user, db):
    as_buyer = api(buyer)
    created = as_buyer.post("/api/v1/suppliers", json=data())
    assert created.status_code == 201
    bad = as_buyer.post("/api/v1/suppliers", json=data(code="S0102", uscc=WRONG, payment_terms_days=-1,
                                                        email="not-an-email", contact="x" * 61))
    assert bad.status_code == 422
    fields = bad.json["error"]["fields"]
    assert fields["uscc"] == ["统一社会信用代码的校验码不正确。"]
    assert set(fields) == {"uscc", "payment_terms_days", "email", "contact"}
    assert db.scalar(select(func.count(Supplier.id)).where(Supplier.code == "S0102")) == 0
    supplier_id = created.json["id"]
    assert as_buyer.patch(f"/api/v1/suppliers/{supplier_id}", json={"phone": "0571-1"}).json["phone"] == "0571-1"
    assert [s["code"] for s in as_buyer.get("/api/v1/suppliers?q=娃哈哈").json["items"]] == ["S0101"]
    assert api(make_user("sales_clerk")).get("/api/v1/suppliers").status_code == 403
    assert as_buyer.delete(f"/api/v1/suppliers/{supplier_id}").status_code == 200


def test_supplier_pages_create_and_show_errors(login, buyer, db):
    client = login(buyer)
    bad = client.post("/suppliers/new", data={"code": "S0201", "name": "金龙鱼粮油", "uscc": WRONG,
                                              "payment_terms_days": "30", "active": "on"})
    assert bad.status_code == 422
    assert re.search(r'data-field="uscc">统一社会信用代码的校验码不正确。', bad.get_data(as_text=True))
    ok = client.post("/suppliers/new", data={"code": "S0201", "name": "金龙鱼粮油", "uscc": USCC,
                                             "payment_terms_days": "30", "active": "on"})
    assert ok.status_code == 302
    assert "金龙鱼粮油" in client.get("/suppliers/?q=S0201").get_data(as_text=True)


# --- warehouses follow the same rule ------------------------------------------------------------

def test_a_warehouse_a_user_is_restricted_to_cannot_be_deleted(db, make_user, make_warehouse):
    """Deleting it would silently lift the restriction: the user would see every warehouse."""
    admin = make_user("admin")
    north = make_warehouse(name="北区分仓")
    make_user("warehouse", warehouse_ids=[north.id])
    with pytest.raises(InUse) as caught:
        warehouses.delete_warehouse(db, admin, north.id)
    assert "users' warehouse restrictions 1" in str(caught.value)


def test_an_unused_warehouse_is_deleted_by_an_admin_only(db, make_user, make_warehouse):
    spare = make_warehouse()
    with pytest.raises(Forbidden):
        warehouses.delete_warehouse(db, make_user("warehouse"), spare.id)
    warehouses.delete_warehouse(db, make_user("admin"), spare.id)
    assert db.get(Warehouse, spare.id) is None


def test_api_and_page_refuse_deleting_a_used_warehouse(api, login, make_user, make_warehouse, db):
    admin = make_user("admin")
    used = make_warehouse()
    make_user("warehouse", warehouse_ids=[used.id])
    response = api(admin).delete(f"/api/v1/warehouses/{used.id}")
    assert response.status_code == 409 and "用户的仓库权限 1" in response.json["error"]["message"]
    page = login(admin).post(f"/warehouses/{used.id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "用户的仓库权限 1" in page
    spare = make_warehouse()
    assert api(admin).delete(f"/api/v1/warehouses/{spare.id}").status_code == 200
    assert api(admin).patch(f"/api/v1/warehouses/{used.id}", json={"name": None}).status_code == 422
