"""OpenAPI 3 document generated from the declared endpoints and their marshmallow schemas,
and a browsable page (Swagger UI from the swagger-ui-bundle package: no CDN)."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, current_app, jsonify, render_template_string, send_from_directory

from erp.api.framework import ENDPOINTS, LOGIN, PUBLIC

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
            },
            "required": ["code", "message"],
        }
    },
}


_NAMES: dict[str, type] = {}


def _schema_name_resolver(schema) -> str:
    cls = schema if isinstance(schema, type) else schema.__class__
    name = cls.__name__.removesuffix("Schema")
    owner = _NAMES.setdefault(name, cls)
    if owner is not cls:
        # Two packages use the same class name (e.g. ReturnLineIn): qualify by module.
        parts = [p for p in cls.__module__.split(".") if p not in ("schemas", "erp")]
        name = "".join(p.title().replace("_", "") for p in parts) + name
    if not isinstance(schema, type):
        modifiers = []
        if getattr(schema, "only", None):
            modifiers.append("Only" + "".join(sorted(schema.only)))
        if getattr(schema, "partial", False):
            modifiers.append("Partial")
        name += "".join(modifiers)
    return name


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []

    def repl(match):
        converter, name = match.group(1), match.group(2)
        params.append({"name": name, "in": "path", "required": True,
                       "schema": {"type": "integer" if converter == "int" else "string"}})
        return "{" + name + "}"

    path = re.sub(r"<(?:(\w+):)?(\w+)>", repl, rule)
    return path, params


def build_spec() -> dict:
    spec = APISpec(
        title="Wholesale ERP API",
        version="1.0.0",
        openapi_version="3.0.3",
        info={"description": "Quote → order → delivery note → outbound → invoice, stock, purchasing, finance. "
                             "Errors: {error: {code, message, fields}}. Creates accept an Idempotency-Key header."},
        plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name_resolver)],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", ERROR_SCHEMA)
    paths: dict[str, dict] = {}
    for ep in sorted(ENDPOINTS, key=lambda e: (e.rule, e.method)):
        path, params = _path(ep.rule)
        op: dict = {
            "summary": ep.summary or ep.endpoint,
            "operationId": ep.endpoint.replace(".", "_"),
            "tags": ep.tags,
            "parameters": list(params),
            "responses": {},
        }
        if ep.permission not in (PUBLIC,):
            op["security"] = [{"bearer": []}]
            op["x-permission"] = (list(ep.permission) if isinstance(ep.permission, tuple)
                                  else ep.permission if ep.permission != LOGIN else None)
        if ep.query is not None:
            op["parameters"].append({"in": "query", "schema": ep.query})
        if ep.body is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": ep.body}}}
        if ep.idempotent:
            op["parameters"].append({"name": "Idempotency-Key", "in": "header", "required": False,
                                     "schema": {"type": "string", "maxLength": 100}})
        ok: dict = {"description": "OK"}
        if ep.content_type != "application/json":
            ok["content"] = {ep.content_type: {"schema": {"type": "string", "format": "binary"}}}
        elif ep.response is not None:
            if ep.paged:
                item = ep.response if isinstance(ep.response, type) else ep.response.__class__
                ok["content"] = {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "items": {"type": "array", "items": item},
                        "page": {"type": "integer"}, "per_page": {"type": "integer"},
                        "total": {"type": "integer"}, "pages": {"type": "integer"},
                    }}}}
            elif ep.many:
                ok["content"] = {"application/json": {"schema": {"type": "array", "items": ep.response}}}
            else:
                ok["content"] = {"application/json": {"schema": ep.response}}
        op["responses"][str(ep.status)] = ok
        error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        codes = {"401": "Not logged in", "403": "Missing permission", "422": "Invalid input",
                 "409": "Refused by the state of the data", "404": "Not found"}
        for code, text in codes.items():
            if code == "401" and ep.permission == PUBLIC:
                continue
            op["responses"][code] = {"description": text, **error_ref}
        paths.setdefault(path, {})[ep.method.lower()] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi_json():
    cache = current_app.extensions.setdefault("erp.openapi", {})
    if "doc" not in cache:
        cache["doc"] = build_spec()
    return jsonify(cache["doc"])


SWAGGER_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>API · Wholesale ERP</title>
<link rel="stylesheet" href="{{ url_for('openapi.swagger_asset', filename='swagger-ui.css') }}">
</head><body><div id="swagger"></div>
<script src="{{ url_for('openapi.swagger_asset', filename='swagger-ui-bundle.js') }}"></script>
<script>
window.ui = SwaggerUIBundle({url: "{{ url_for('openapi.openapi_json') }}", dom_id: "#swagger",
  deepLinking: true, persistAuthorization: true});
</script></body></html>"""


@bp.get("/docs")
def docs_page():
    """A browsable page of the API, served from the installed package (no CDN)."""
    return render_template_string(SWAGGER_PAGE)


@bp.get("/docs/assets/<path:filename>")
def swagger_asset(filename: str):
    import swagger_ui_bundle

    return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)
