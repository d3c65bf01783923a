"""Logins, tokens, lockout, passwords, users and roles."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from erp.auth import services
from erp.auth.models import TokenKind, User, UserApprovalLimit
from erp.db import utcnow
from erp.errors import Conflict, Forbidden, Unauthorized, ValidationFailed

PASSWORD = "Secret-123"


def test_passwords_are_stored_as_argon2id_hashes(make_user):
    user = make_user(password=PASSWORD)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert services.verify_password(user.password_hash, PASSWORD)
    assert not services.verify_password(user.password_hash, "secret-123")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(db, make_user):
    user = make_user(username="locky", password=PASSWORD)
    now = utcnow()
    for _ in range(5):
        with pytest.raises(Unauthorized):
            services.authenticate(db, "locky", "wrong", now=now)
    assert user.locked_until > now
    with pytest.raises(Unauthorized) as info:
        services.authenticate(db, "locky", PASSWORD, now=now + dt.timedelta(minutes=5))
    assert info.value.code == "account_locked"
    assert services.authenticate(db, "locky", PASSWORD, now=now + dt.timedelta(minutes=16)) is user
    assert user.failed_logins == 0 and user.locked_until is None


def test_further_failures_after_a_lock_lock_longer(db, make_user):
    user = make_user(username="again", password=PASSWORD)
    now = utcnow()
    for _ in range(5):
        with pytest.raises(Unauthorized):
            services.authenticate(db, "again", "wrong", now=now)
    assert user.locked_until - now == dt.timedelta(minutes=15)
    later = now + dt.timedelta(minutes=16)
    with pytest.raises(Unauthorized):
        services.authenticate(db, "again", "wrong", now=later)
    assert user.locked_until - later == dt.timedelta(minutes=30)


def test_unknown_users_and_wrong_passwords_get_the_same_answer(db, make_user):
    make_user(username="real", password=PASSWORD)
    with pytest.raises(Unauthorized) as unknown:
        services.authenticate(db, "ghost", PASSWORD)
    with pytest.raises(Unauthorized) as wrong:
        services.authenticate(db, "real", "bad")
    assert str(unknown.value) == str(wrong.value)


def test_an_inactive_user_cannot_log_in(db, make_user):
    make_user(username="gone", password=PASSWORD, active=False)
    with pytest.raises(Unauthorized):
        services.authenticate(db, "gone", PASSWORD)


def test_token_endpoint_gives_a_bearer_token_that_opens_the_api(client, make_user):
    make_user("sales_clerk", username="apiuser", password=PASSWORD)
    response = client.post("/api/v1/auth/token", json={"username": "apiuser", "password": PASSWORD})
    assert response.status_code == 200
    token = response.get_json()["token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.get_json()["username"] == "apiuser"
    assert "customer.view" in me.get_json()["permissions"]


def test_a_wrong_password_at_the_token_endpoint_is_401_and_counted(client, make_user, db):
    user = make_user(username="tok", password=PASSWORD)
    response = client.post("/api/v1/auth/token", json={"username": "tok", "password": "x"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "bad_credentials"
    db.refresh(user)
    assert user.failed_logins == 1


def test_without_a_token_the_api_answers_401(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert "Bearer" in response.headers["WWW-Authenticate"]


def test_a_revoked_or_expired_token_no_longer_works(client, db, make_user):
    user = make_user()
    secret, token = services.issue_token(db, user, TokenKind.API)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 200
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    secret2, token2 = services.issue_token(db, user, TokenKind.API)
    token2.expires_at = utcnow() - dt.timedelta(seconds=1)
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret2}"}).status_code == 401


def test_a_session_token_is_not_an_api_token(client, db, make_user):
    secret, _ = services.issue_token(db, make_user(), TokenKind.SESSION)
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_changing_ones_password_ends_other_logins(client, db, make_user, api):
    user = make_user(password=PASSWORD)
    other_secret, _ = services.issue_token(db, user, TokenKind.SESSION)
    me = api(user)
    response = me.post("/api/v1/auth/password", json={"current_password": PASSWORD, "password": "New-secret-9"})
    assert response.status_code == 200
    assert services.verify_password(user.password_hash, "New-secret-9")
    assert services.user_for_token(db, other_secret, TokenKind.SESSION) is None
    assert me.get("/api/v1/auth/me").status_code == 200  # the token used for the change stays


def test_a_weak_or_wrong_password_change_is_refused_with_field_messages(api, make_user):
    me = api(make_user(password=PASSWORD))
    weak = me.post("/api/v1/auth/password", json={"current_password": PASSWORD, "password": "short"})
    assert weak.status_code == 422
    assert "password" in weak.get_json()["error"]["fields"]
    wrong = me.post("/api/v1/auth/password", json={"current_password": "nope", "password": "Good-pass-1"})
    assert wrong.status_code == 422
    assert "current_password" in wrong.get_json()["error"]["fields"]


def test_admin_creates_a_user_restricted_to_a_warehouse(api, make_user, make_warehouse, db):
    admin = api(make_user("admin"))
    wh = make_warehouse()
    response = admin.post("/api/v1/users", json={
        "username": "picker", "display_name": "拣货员", "password": "Picker-123",
        "roles": ["warehouse"], "warehouse_ids": [wh.id]})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["roles"] == ["warehouse"] and body["warehouse_ids"] == [wh.id]
    picker = db.get(User, body["id"])
    assert picker.warehouse_ids == frozenset({wh.id})
    with pytest.raises(Forbidden):
        services.check_warehouse_access(picker, wh.id + 1000)
    services.check_warehouse_access(picker, wh.id)


def test_a_user_read_again_knows_its_roles_warehouses_and_approval_limits(db, make_user, make_warehouse):
    here, there = make_warehouse(), make_warehouse()
    picker = make_user("warehouse", warehouse_ids=[here.id])
    db.add(UserApprovalLimit(user_id=picker.id, doc_type="outbound", max_amount=D("5000.00")))
    ids = [picker.id, make_user("admin", warehouse_ids=[here.id]).id, make_user("sales_clerk").id]
    db.flush()
    db.expunge_all()
    picker, admin, clerk = (db.get(User, i) for i in ids)

    assert picker.warehouse_ids == frozenset({here.id}) and not picker.is_admin
    assert picker.approval_limit("outbound") == D("5000.00") and picker.approval_limit("quote") is None
    assert picker.can("outbound.approve") and not picker.can("sales_order.approve")
    with pytest.raises(Forbidden):
        services.check_warehouse_access(picker, there.id)
    assert admin.is_admin and admin.warehouse_ids is None  # an admin works everywhere
    assert clerk.warehouse_ids is None and clerk.approval_limit("outbound") is None
    picker.warehouses = [there]  # what is set on the object counts at once
    assert picker.warehouse_ids == frozenset({there.id})


def test_user_creation_refuses_duplicates_unknown_roles_and_bad_names(api, make_user):
    admin = api(make_user("admin"))
    make_user(username="taken")
    response = admin.post("/api/v1/users", json={"username": "TAKEN", "display_name": "x", "password": "Good-pass-1"})
    assert response.status_code == 422
    assert "username" in response.get_json()["error"]["fields"]
    response = admin.post("/api/v1/users", json={"username": "new1", "display_name": "x", "password": "Good-pass-1",
                                                 "roles": ["boss"]})
    assert response.status_code == 422
    response = admin.post("/api/v1/users", json={"username": "bad name", "display_name": "x", "password": "Good-pass-1"})
    assert response.status_code == 422


def test_only_admins_manage_users(api, make_user):
    clerk = api(make_user("sales_clerk"))
    assert clerk.get("/api/v1/users").status_code == 403
    assert clerk.post("/api/v1/users", json={"username": "x", "display_name": "x", "password": "Good-pass-1"}).status_code == 403


def test_admin_cannot_lock_themselves_out(db, make_user):
    admin = make_user("admin")
    with pytest.raises(Conflict):
        services.update_user(db, admin, admin.id, {"active": False})
    with pytest.raises(Conflict):
        services.update_user(db, admin, admin.id, {"roles": ["sales_clerk"]})


def test_admin_changes_a_roles_permissions(db, make_user, api):
    from sqlalchemy import select

    from erp.auth.models import Role

    admin = make_user("admin")
    role = db.scalar(select(Role).where(Role.code == "warehouse"))
    response = api(admin).put(f"/api/v1/roles/{role.id}/permissions",
                              json={"permissions": ["customer.view", "customer.edit"]})
    assert response.status_code == 200
    assert set(response.get_json()["permissions"]) == {"customer.view", "customer.edit"}
    bad = api(admin).put(f"/api/v1/roles/{role.id}/permissions", json={"permissions": ["root.everything"]})
    assert bad.status_code == 422


def test_admin_unlocks_a_locked_user(db, make_user):
    admin = make_user("admin")
    user = make_user(username="stuck", password=PASSWORD)
    for _ in range(5):
        with pytest.raises(Unauthorized):
            services.authenticate(db, "stuck", "wrong")
    services.update_user(db, admin, user.id, {"unlock": True})
    assert services.authenticate(db, "stuck", PASSWORD) is user


def test_sync_roles_grants_new_permissions_once_and_respects_revocations(db, make_user):
    from sqlalchemy import select

    from erp.auth.models import KnownPermission, Role
    from erp.auth.permissions import REGISTRY, permission

    code = permission("test_thing.view", "测试", "warehouse")
    try:
        services.sync_roles(db)
        role = db.scalar(select(Role).where(Role.code == "warehouse"))
        assert code in role.permissions
        services.set_role_permissions(db, make_user("admin"), role.id, set(role.permissions) - {code})
        services.sync_roles(db)
        assert code not in role.permissions
        assert db.get(KnownPermission, code) is not None
    finally:
        REGISTRY.pop(code, None)


def test_user_form_in_the_ui_shows_errors_beside_fields(client, login, make_user):
    login(make_user("admin"))
    page = client.post("/admin/users/new", data={"username": "", "display_name": "", "password": "x"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'data-field="username"' in html


def test_weak_password_is_refused_when_creating(db):
    with pytest.raises(ValidationFailed):
        services.create_user(db, None, username="weakling", display_name="w", password="abc")
