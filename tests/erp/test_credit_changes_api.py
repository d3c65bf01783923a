"""The credit limit change through the API and the pages: the document verbs every
document type shares, routed and permissioned the same way."""
from __future__ import annotations

from decimal import Decimal as D

from erp.documents.base import DOCUMENT_TYPES


def test_create_approve_and_read_back_through_the_api(api, make_user, make_customer, db):
    customer = make_customer(credit_limit=D("5000"))
    clerk, manager = api(make_user("sales_clerk")), api(make_user("sales_manager"))
    created = clerk.post("/api/v1/credit-changes", json={"reason": "旺季", "lines": [
        {"customer_id": customer.id, "new_limit": "12000.50"}]})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["state"] == "draft" and body["number"] is None
    assert body["lines"][0]["new_limit"] == "12000.50"
    doc_id = body["id"]
    assert clerk.post(f"/api/v1/credit-changes/{doc_id}/approve").status_code == 403
    approved = manager.post(f"/api/v1/credit-changes/{doc_id}/approve")
    assert approved.status_code == 200
    assert approved.get_json()["state"] == "approved"
    assert approved.get_json()["number"].startswith("CL")
    db.refresh(customer)
    assert customer.credit_limit == D("12000.50")


def test_editing_an_approved_document_is_a_409(api, make_user, make_customer):
    customer = make_customer(credit_limit=D("1"))
    manager = api(make_user("sales_manager"))
    doc = manager.post("/api/v1/credit-changes", json={"lines": [{"customer_id": customer.id, "new_limit": "2"}]}).get_json()
    manager.post(f"/api/v1/credit-changes/{doc['id']}/approve")
    response = manager.patch(f"/api/v1/credit-changes/{doc['id']}", json={"reason": "x"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "read_only"
    assert manager.delete(f"/api/v1/credit-changes/{doc['id']}").status_code == 409


def test_money_with_too_many_decimals_is_refused_not_rounded(api, make_user, make_customer):
    customer = make_customer()
    response = api(make_user("sales_manager")).post("/api/v1/credit-changes", json={
        "lines": [{"customer_id": customer.id, "new_limit": "100.005"}]})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["lines"]["0"]["new_limit"] == ["小数位数过多。"]


def test_unapprove_with_a_reason_lands_in_the_audit_log(api, make_user, make_customer, db):
    from sqlalchemy import select

    from erp.audit.models import AuditEntry

    customer = make_customer(credit_limit=D("1"))
    manager = api(make_user("sales_manager"))
    doc = manager.post("/api/v1/credit-changes", json={"lines": [{"customer_id": customer.id, "new_limit": "2"}]}).get_json()
    manager.post(f"/api/v1/credit-changes/{doc['id']}/approve")
    response = manager.post(f"/api/v1/credit-changes/{doc['id']}/unapprove", json={"reason": "客户要求撤回"})
    assert response.status_code == 200 and response.get_json()["state"] == "draft"
    row = db.scalar(select(AuditEntry).where(AuditEntry.action == "unapprove",
                                             AuditEntry.entity_id == str(doc["id"])))
    assert row.note == "客户要求撤回"
    assert row.changes["state"] == ["approved", "draft"]


def test_concurrent_approvals_of_one_document_let_exactly_one_win(fresh_sessions):
    """Two managers press approve at the same moment: one approves, the other gets a 409."""
    import threading

    from erp.auth.services import create_user
    from erp.customers import credit_services
    from erp.errors import ErpError
    from tests import factories

    setup = fresh_sessions()
    managers = [create_user(setup, None, username=f"m{i}", display_name=f"经理{i}", password="Manager-123",
                            roles=["sales_manager"]).id for i in range(2)]
    customer = factories.customer(setup, credit_limit=D("100"))
    clerk = create_user(setup, None, username="c0", display_name="客服", password="Clerk-1234", roles=["sales_clerk"])
    doc = credit_services.create_credit_change(setup, clerk, {"lines": [{"customer_id": customer.id,
                                                                         "new_limit": D("200")}]})
    setup.commit()
    doc_id = doc.id
    setup.close()

    outcomes, barrier = [], threading.Barrier(2)

    def approve(user_id):
        from erp.auth.models import User

        barrier.wait(timeout=30)  # before any query: on SQLite the first query takes the write lock
        session = fresh_sessions()
        try:
            actor = session.get(User, user_id)
            credit_services.approve_credit_change(session, actor, doc_id)
            session.commit()
            outcomes.append("approved")
        except ErpError as exc:
            session.rollback()
            outcomes.append(exc.status)
        except Exception as exc:  # noqa: BLE001 - a StaleDataError maps to 409 in the web layer
            session.rollback()
            outcomes.append(type(exc).__name__)
        finally:
            session.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcomes)) == ["409", "approved"]
    check = fresh_sessions()
    from erp.customers.credit import CreditLimitChange

    final = check.get(CreditLimitChange, doc_id)
    assert final.number.endswith("-0001")
    check.close()


def test_the_detail_page_offers_only_the_verbs_the_user_may_use(client, login, make_user, make_customer, db):
    from erp.customers import credit_services

    customer = make_customer(credit_limit=D("1"))
    clerk = make_user("sales_clerk")
    doc = credit_services.create_credit_change(db, clerk, {"lines": [{"customer_id": customer.id, "new_limit": D("3")}]})
    login(clerk)
    html = client.get(f"/credit-changes/{doc.id}").get_data(as_text=True)
    assert 'data-verb="submit"' in html and 'data-verb="approve"' not in html
    login(make_user("sales_manager"))
    html = client.get(f"/credit-changes/{doc.id}").get_data(as_text=True)
    assert 'data-verb="approve"' in html
    response = client.post(f"/credit-changes/{doc.id}/approve")
    assert response.status_code == 302
    html = client.get(f"/credit-changes/{doc.id}").get_data(as_text=True)
    assert "已审核" in html and 'data-verb="unapprove"' in html


def test_the_form_shows_line_errors_beside_the_line(client, login, make_user, make_customer):
    login(make_user("sales_manager"))
    customer = make_customer()
    response = client.post("/credit-changes/new", data={"lines-0-customer_id": str(customer.id),
                                                        "lines-0-new_limit": "abc"})
    assert response.status_code == 422
    assert "不是有效的数字" in response.get_data(as_text=True)


def test_every_document_type_has_a_page_and_a_numbering_rule(app):
    from erp.numbering.services import DEFAULTS

    for doc_type, cls in DOCUMENT_TYPES.items():
        assert doc_type in DEFAULTS, doc_type
        assert cls.__view_endpoint__ in app.view_functions, doc_type


def test_the_list_filters_by_a_state_it_knows(api, make_user, make_customer):
    clerk = api(make_user("sales_clerk"))
    clerk.post("/api/v1/credit-changes", json={"lines": [{"customer_id": make_customer().id, "new_limit": "10"}]})
    assert clerk.get("/api/v1/credit-changes?state=draft").get_json()["total"] == 1
    assert clerk.get("/api/v1/credit-changes?state=approved").get_json()["total"] == 0
    bogus = clerk.get("/api/v1/credit-changes?state=bogus")
    assert bogus.status_code == 422 and set(bogus.get_json()["error"]["fields"]) == {"state"}
