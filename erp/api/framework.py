"""Declaring API endpoints.

``@endpoint(bp, "/customers", "POST", permission=CUSTOMER_EDIT, body=CustomerIn,
response=CustomerOut, status=201)`` routes the function and records what the
OpenAPI document and the role × endpoint test need. The wrapper
authenticates (401), checks the permission before anything is loaded (403,
so nothing leaks about a record), parses the body or query with the schema
(422 with each bad field), replays ``Idempotency-Key`` retries of creates,
calls the handler and dumps its result. The request commits once, after the
handler (``erp.db.flask``).
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, g, request
from marshmallow import Schema, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.api.models import IdempotencyKey
from erp.auth.services import require
from erp.db.flask import db_session
from erp.errors import N_, BadRequest, Conflict, Unauthorized, ValidationFailed

PUBLIC = "public"
LOGIN = "login"


@dataclass
class EndpointSpec:
    rule: str
    method: str
    endpoint: str
    permission: str | tuple[str, ...]  # a tuple: any one of them
    summary: str
    tags: list[str]
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    response: type[Schema] | None = None
    status: int = 200
    many: bool = False
    paged: bool = False
    idempotent: bool = False
    content_type: str = "application/json"
    extra: dict = field(default_factory=dict)


ENDPOINTS: list[EndpointSpec] = []


def current_actor():
    return g.get("actor")


_INSTANCES: dict[type, Schema] = {}


def _schema_instance(schema):
    """One instance per schema class, made on first use: building a schema (and the
    nested schemas of its fields) costs more than loading or dumping with it, and an
    instance keeps no state between calls."""
    if schema is None:
        return None
    if not isinstance(schema, type):
        return schema
    instance = _INSTANCES.get(schema)
    if instance is None:
        instance = _INSTANCES[schema] = schema()
    return instance


def _body() -> dict:
    if not request.data:
        return {}
    if not request.is_json:
        raise BadRequest(N_("Send JSON with Content-Type: application/json."), code="unsupported_media_type")
    try:
        data = json.loads(request.get_data(as_text=True), parse_float=str)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested thousands deep
        raise BadRequest(N_("The body is not valid JSON."), code="malformed_json") from None
    if not isinstance(data, dict):
        raise ValidationFailed(N_("The body must be a JSON object."), fields={"_schema": [N_("Expected an object.")]})
    return data


def load(schema, data: dict, *, partial: bool = False) -> dict:
    try:
        return _schema_instance(schema).load(data, partial=partial)
    except ValidationError as exc:
        raise ValidationFailed(N_("The input is not valid."), fields=exc.messages) from None


def _query_args(schema) -> dict:
    raw = {}
    inst = _schema_instance(schema)
    for key in request.args:
        values = request.args.getlist(key)
        fld = inst.fields.get(key)
        from marshmallow import fields as mf

        raw[key] = values if isinstance(fld, mf.List) else values[-1]
    return load(inst, raw)


def _request_hash() -> str:
    return hashlib.sha256(request.method.encode() + request.path.encode() + (request.get_data() or b"")).hexdigest()


def _replay(session: Session, actor, key: str) -> Response | None:
    row = session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == actor.id, IdempotencyKey.key == key))
    if row is None:
        return None
    if row.request_hash != _request_hash():
        raise Conflict(N_("This Idempotency-Key was used for a different request."), code="idempotency_key_reused")
    response = Response(row.response_body, status=row.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def endpoint(bp: Blueprint, rule: str, method: str = "GET", *, permission: str | tuple[str, ...],
             body=None, query=None, response=None, status: int = 200, many: bool = False,
             paged: bool = False, summary: str = "", tags: list[str] | None = None,
             content_type: str = "application/json") -> Callable:
    """Route an API handler. The handler gets the view args plus ``data`` (parsed body)
    and/or ``args`` (parsed query) and the ``session`` and ``actor``; it returns the
    object(s) to dump, a ``(items, total)`` pair for paged lists, or a ``Response``."""
    method = method.upper()
    idempotent = method == "POST" and status == 201

    def decorator(fn: Callable) -> Callable:
        name = f"{fn.__name__}"

        @functools.wraps(fn)
        def view(**view_args):
            actor = current_actor()
            if permission != PUBLIC:
                if actor is None:
                    raise Unauthorized(N_("Please log in."))
                if isinstance(permission, tuple):
                    if not any(actor.can(p) for p in permission):
                        require(actor, permission[0])
                elif permission != LOGIN:
                    require(actor, permission)
            session = db_session()
            key = request.headers.get("Idempotency-Key") if idempotent else None
            if key:
                if len(key) > 100:
                    raise ValidationFailed(N_("Idempotency-Key is too long."), fields={"Idempotency-Key": [N_("At most 100 characters.")]})
                replay = _replay(session, actor, key)
                if replay is not None:
                    return replay
            kwargs: dict[str, Any] = dict(view_args)
            if body is not None:
                kwargs["data"] = load(body, _body())
            elif method in ("POST", "PUT", "PATCH") and request.data:
                # Endpoints without a body schema still refuse garbage.
                _body()
            if query is not None:
                kwargs["args"] = _query_args(query)
            result = fn(session=session, actor=actor, **kwargs)
            if isinstance(result, Response):
                return result
            payload = _dump(result)
            text = json.dumps(payload, ensure_ascii=False, default=str)
            if key:
                session.add(IdempotencyKey(user_id=actor.id, key=key, method=method, path=request.path,
                                           request_hash=_request_hash(), status_code=status, response_body=text))
                session.flush()
            return Response(text, status=status, mimetype="application/json")

        def _dump(result):
            if response is None:
                return result if result is not None else {}
            schema = _schema_instance(response)
            if paged:
                items, total, page, per_page = result
                return {
                    "items": schema.dump(items, many=True),
                    "page": page, "per_page": per_page, "total": total,
                    "pages": max(1, math.ceil(total / per_page)) if per_page else 1,
                }
            return schema.dump(result, many=many)

        endpoint_name = name
        bp.add_url_rule(rule, endpoint=endpoint_name, view_func=view, methods=[method])
        ENDPOINTS.append(EndpointSpec(
            rule=(bp.url_prefix or "") + rule, method=method, endpoint=f"{bp.name}.{endpoint_name}",
            permission=permission, summary=summary or (fn.__doc__ or "").strip().split("\n")[0],
            tags=tags or [bp.name], body=body, query=query, response=response, status=status,
            many=many, paged=paged, idempotent=idempotent, content_type=content_type,
        ))
        return view

    return decorator


def paginate(session: Session, stmt, args: dict) -> tuple[list, int, int, int]:
    """Run a select for one page: ``(items, total, page, per_page)``."""
    page, per_page = args.get("page", 1), args.get("per_page", 50)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return items, total, page, per_page


def search_filter(columns, text: str | None):
    """A case-insensitive 'contains' over several columns."""
    from sqlalchemy import or_

    if not text:
        return None
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(*(func.lower(c).like(pattern, escape="\\") for c in columns))
