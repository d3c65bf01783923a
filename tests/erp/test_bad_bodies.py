"""Bad input never makes a 500: on the demo distributor's data, every API endpoint that
takes a body gets, field by field, a null, a value of the wrong type and an over-long
string — each answered with a 4xx (or accepted, for a nullable field), and a refused
request writes nothing."""
from __future__ import annotations

import re

import pytest
from marshmallow import fields as mf
from sqlalchemy import func, select

from erp.api.framework import ENDPOINTS, _schema_instance
from erp.audit.models import AuditEntry
from erp.auth.models import User

#: Endpoints whose success would end the admin's own login for the rest of the test.
SKIP = {"auth_api.revoke_token", "auth_api.change_password"}


def _bad_values(field) -> list:
    wrong = {mf.String: 12345, mf.Integer: "x", mf.Decimal: "x", mf.Date: "2026-13-45", mf.DateTime: "x",
             mf.Boolean: "maybe", mf.List: "x", mf.Nested: "x", mf.Dict: "x"}
    values = [None]
    for kind, value in wrong.items():
        if isinstance(field, kind):
            values.append(value)
            break
    else:
        values.append({"x": 1})
    if isinstance(field, mf.String):
        values.append("长" * 5000)
    return values


def _first_ids(client) -> dict[str, int]:
    ids = {}
    for ep in ENDPOINTS:
        if ep.method == "GET" and "<" not in ep.rule and ep.paged:
            body = client.get(ep.rule).get_json(silent=True) or {}
            items = body.get("items") or []
            if items and isinstance(items[0].get("id"), int):
                ids[ep.rule] = items[0]["id"]
    return ids


def _concrete(rule: str, ids: dict[str, int]) -> str | None:
    """The rule with its one id filled from the list of the same resource, if any."""
    match = re.fullmatch(r"(/api/v1/[\w-]+)/<int:\w+>(.*)", rule)
    if "<" not in rule:
        return rule
    if match and match.group(1) in ids and "<" not in match.group(2):
        return f"{match.group(1)}/{ids[match.group(1)]}{match.group(2)}"
    return None


@pytest.mark.slow
def test_every_field_of_every_body_refused_cleanly(demo_on_sqlite, db, api):
    admin = db.scalar(select(User).where(User.username == "admin"))
    client = api(admin)
    ids = _first_ids(client)
    problems, tried = [], 0
    for ep in ENDPOINTS:
        if ep.method not in ("POST", "PUT", "PATCH") or ep.body is None or ep.endpoint in SKIP:
            continue
        url = _concrete(ep.rule, ids)
        if url is None:
            continue
        schema = _schema_instance(ep.body)
        for name, field in schema.fields.items():
            if field.dump_only:
                continue
            for value in _bad_values(field):
                before = db.scalar(select(func.count()).select_from(AuditEntry))
                response = client._call(ep.method, url, json={field.data_key or name: value})
                tried += 1
                status = response.status_code
                if status >= 500 or (status == 409 and response.get_json()["error"]["code"] == "integrity_conflict"):
                    # A database constraint caught what the schema should have named (a 422).
                    problems.append(f"{ep.method} {ep.rule} {name}={value!r:.20}: {status}")
                elif status >= 400:
                    db.expire_all()
                    if db.scalar(select(func.count()).select_from(AuditEntry)) != before:
                        problems.append(f"{ep.method} {ep.rule} {name}={value!r:.20}: refused but wrote")
    assert problems == []
    assert tried > 500, tried
