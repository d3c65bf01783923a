"""Role × endpoint: every role reaches what its permissions allow and gets 403 elsewhere,
for every API endpoint and every page, without anything leaking about a record."""
from __future__ import annotations

import re

import pytest

from erp.api.framework import ENDPOINTS, LOGIN, PUBLIC
from erp.auth.permissions import ROLES
from erp.web.pages import PAGES

MISSING_ID = "987654"
#: Endpoints that end the caller's own login: checked in test_auth.py instead.
SELF_ENDING = {"auth_api.revoke_token"}


def concrete(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?\w+>", MISSING_ID, rule)


def allowed(user, permission) -> bool:
    if permission in (PUBLIC, LOGIN, None):
        return True
    if isinstance(permission, tuple):
        return any(user.can(p) for p in permission)
    return user.can(permission)


@pytest.fixture
def users_by_role(make_user):
    return {role: make_user(role) for role in ROLES}


def test_every_endpoint_declares_a_known_permission(app):
    from erp.auth.permissions import REGISTRY

    for ep in ENDPOINTS:
        perms = ep.permission if isinstance(ep.permission, tuple) else (ep.permission,)
        for perm in perms:
            assert perm in REGISTRY or perm in (PUBLIC, LOGIN), f"{ep.endpoint}: {perm}"


def test_each_role_gets_403_exactly_where_it_lacks_the_permission(app, api, users_by_role):
    problems = []
    for role, user in users_by_role.items():
        client = api(user)
        for ep in ENDPOINTS:
            if ep.permission == PUBLIC or ep.endpoint in SELF_ENDING:
                continue
            url = concrete(ep.rule)
            kwargs = {"json": {}} if ep.method in ("POST", "PUT", "PATCH") else {}
            response = client._call(ep.method, url, **kwargs)
            status = response.status_code
            if status >= 500:
                problems.append(f"{role} {ep.method} {ep.rule}: {status}")
            elif allowed(user, ep.permission) and status in (401, 403):
                problems.append(f"{role} {ep.method} {ep.rule}: {status} but allowed")
            elif not allowed(user, ep.permission) and status != 403:
                problems.append(f"{role} {ep.method} {ep.rule}: {status} but not allowed")
            if status == 403:
                body = response.get_json()
                assert MISSING_ID not in str(body)
    assert problems == []


def test_each_role_reaches_the_pages_it_may_open(app, client, login, users_by_role):
    problems = []
    rules = {r.endpoint: r for r in app.url_map.iter_rules()}
    for role, user in users_by_role.items():
        login(user)
        for endpoint, permission in PAGES.items():
            rule = rules[endpoint]
            if "GET" not in rule.methods:
                continue
            response = client.get(concrete(rule.rule))
            status = response.status_code
            if status >= 500:
                problems.append(f"{role} {rule.rule}: {status}")
            elif allowed(user, permission) and status in (401, 403):
                problems.append(f"{role} {rule.rule}: {status} but allowed")
            elif not allowed(user, permission) and status != 403:
                problems.append(f"{role} {rule.rule}: {status} but not allowed")
    assert problems == []


def test_without_login_every_endpoint_but_the_public_ones_is_401(client):
    for ep in ENDPOINTS:
        if ep.permission == PUBLIC:
            continue
        kwargs = {"json": {}} if ep.method in ("POST", "PUT", "PATCH") else {}
        response = client.open(concrete(ep.rule), method=ep.method, **kwargs)
        assert response.status_code == 401, f"{ep.method} {ep.rule}"
