"""CSRF on cookie-authenticated writes, secure cookie settings, audit browsing."""
from __future__ import annotations

import pytest

from erp import create_app
from tests.conftest import TEST_CONFIG


@pytest.fixture
def csrf_app(db, engine):
    config = dict(TEST_CONFIG, WTF_CSRF_ENABLED=True)
    return create_app(config, engine=engine, session_factory=lambda: db)


def test_a_form_post_without_the_csrf_token_is_refused(csrf_app, make_user, db):
    from erp.auth.models import TokenKind
    from erp.auth.services import issue_token
    from erp.web.security import SESSION_KEY

    client = csrf_app.test_client()
    db.commit()
    secret, _ = issue_token(db, make_user("admin"), TokenKind.SESSION)
    db.commit()
    with client.session_transaction() as s:
        s[SESSION_KEY] = secret
    response = client.post("/warehouses/new", data={"code": "X1", "name": "x"})
    assert response.status_code == 400
    # The same write with a bearer token needs no CSRF token (no cookie involved).
    token, _ = issue_token(db, make_user("admin"), TokenKind.API)
    db.commit()
    api = csrf_app.test_client()
    ok = api.post("/api/v1/warehouses", json={"code": "X2", "name": "二号仓"},
                  headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 201


def test_the_login_form_itself_needs_the_token(csrf_app):
    client = csrf_app.test_client()
    assert client.post("/login", data={"username": "a", "password": "b"}).status_code == 400


def test_session_cookies_are_http_only_and_same_site(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_admin_browses_and_filters_the_audit_log(client, login, make_user, make_warehouse):
    admin = make_user("admin")
    make_warehouse(code="AUD1", name="审计仓")
    login(admin)
    html = client.get("/admin/audit?entity_type=warehouses").get_data(as_text=True)
    assert "AUD1" in html
    assert "审计日志" in html
    clerk = make_user("sales_clerk")
    login(clerk)
    assert client.get("/admin/audit").status_code == 403


def test_audit_rows_record_before_and_after_values(api, make_user, make_warehouse, db):
    from sqlalchemy import select

    from erp.audit.models import AuditEntry

    admin = make_user("admin")
    wh = make_warehouse(code="CHG", name="旧名")
    api(admin).patch(f"/api/v1/warehouses/{wh.id}", json={"name": "新名"})
    row = db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "warehouses",
                                              AuditEntry.entity_id == str(wh.id),
                                              AuditEntry.action == "update")).one()
    assert row.changes == {"name": ["旧名", "新名"]}
    assert row.user_id == admin.id
    log = api(admin).get(f"/api/v1/audit-log?entity_type=warehouses&entity_id={wh.id}").get_json()
    assert [e["action"] for e in log["items"]] == ["update", "create"]


def test_passwords_never_reach_the_audit_log(db, make_user):
    from sqlalchemy import select

    from erp.audit.models import AuditEntry

    user = make_user(password="Very-secret-1")
    rows = db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "users",
                                               AuditEntry.entity_id == str(user.id))).all()
    assert rows and all("password_hash" not in (r.changes or {}) for r in rows)
    assert all("Very-secret-1" not in str(r.changes) for r in rows)
