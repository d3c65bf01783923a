"""Turning errors into answers: JSON ``{"error": {code, message, fields}}`` for the API,
a page for the UI. A 500 is always a bug; it is logged with its traceback."""
from __future__ import annotations

import logging
import re

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from erp.errors import N_, ErpError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _translate(text: str) -> str:
    try:
        return gettext(text)
    except Exception:  # noqa: BLE001 - outside a request the text stays English
        return text


#: marshmallow messages that carry a number: matched, then translated as a template.
PARAMETRISED = [
    (re.compile(r"^Longer than maximum length (?P<n>\d+)\.$"), N_("At most %(n)s characters.")),
    (re.compile(r"^Shorter than minimum length (?P<n>\d+)\.$"), N_("At least %(n)s characters.")),
    (re.compile(r"^Length must be between (?P<a>\d+) and (?P<b>\d+)\.$"), N_("Between %(a)s and %(b)s characters.")),
    (re.compile(r"^Length must be (?P<n>\d+)\.$"), N_("Exactly %(n)s characters.")),
    (re.compile(r"^Must be greater than or equal to (?P<a>\S+) and less than or equal to (?P<b>\S+)\.$"),
     N_("Must be between %(a)s and %(b)s.")),
    (re.compile(r"^Must be greater than or equal to (?P<n>\S+)\.$"), N_("Must be at least %(n)s.")),
    (re.compile(r"^Must be less than or equal to (?P<n>\S+)\.$"), N_("Must be at most %(n)s.")),
    (re.compile(r"^Must not be less than (?P<n>\S+)\.$"), N_("Must be at least %(n)s.")),
    (re.compile(r"^Must not be more than (?P<n>\S+)\.$"), N_("Must be at most %(n)s.")),
    (re.compile(r"^Must be one of: (?P<n>.+)\.$"), N_("Must be one of: %(n)s.")),
    (re.compile(r"^Longer than maximum length (?P<n>\d+)$"), N_("At most %(n)s characters.")),
]


def translate_message(text: str) -> str:
    """Translate one message, including marshmallow's messages with numbers in them."""
    translated = _translate(text)
    if translated != text:
        return translated
    for pattern, template in PARAMETRISED:
        match = pattern.match(text)
        if match:
            return _translate(template) % match.groupdict()
    return text


def translate_fields(fields):
    if isinstance(fields, dict):
        return {k: translate_fields(v) for k, v in fields.items()}
    if isinstance(fields, (list, tuple)):
        return [translate_fields(v) for v in fields]
    if isinstance(fields, str):
        return translate_message(fields)
    return fields


def error_json(status: int, code: str, message: str, fields=None):
    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = translate_fields(fields)
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="erp"'
    return response


def conflict_response(exc: Exception):
    g.db_rollback = True
    if isinstance(exc, StaleDataError):
        message = _translate(N_("Someone else changed this record at the same time. Reload and try again."))
        code = "concurrent_update"
    else:
        message = _translate(N_("This conflicts with existing data (a duplicate or a record still in use)."))
        code = "integrity_conflict"
        log.info("integrity error: %s", exc)
    if wants_json():
        return error_json(409, code, message)
    return render_template("error.html", status=409, message=message), 409


def register(app: Flask) -> None:
    @app.errorhandler(ErpError)
    def _erp_error(exc: ErpError):
        g.db_rollback = True
        message = exc.render(_translate)
        if wants_json():
            return error_json(exc.status, exc.code, message, exc.fields)
        if exc.status == 401:
            from flask import redirect, url_for

            return redirect(url_for("web.login", next=request.full_path))
        return render_template("error.html", status=exc.status, message=message, fields=exc.fields), exc.status

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError):
        g.db_rollback = True
        if wants_json():
            return error_json(422, "validation_failed", _translate(N_("The input is not valid.")), exc.messages)
        return render_template("error.html", status=422, message=_translate(N_("The input is not valid.")),
                               fields=exc.messages), 422

    @app.errorhandler(IntegrityError)
    @app.errorhandler(StaleDataError)
    def _conflict(exc):
        return conflict_response(exc)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        g.db_rollback = True
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return error_json(exc.code or 500, code, _translate(exc.description or exc.name))
        return render_template("error.html", status=exc.code, message=exc.description), exc.code

    @app.errorhandler(Exception)
    def _bug(exc: Exception):
        g.db_rollback = True
        log.exception("unhandled error on %s %s", request.method, request.path)
        if app.config.get("PROPAGATE_EXCEPTIONS"):
            raise exc
        if wants_json():
            return error_json(500, "internal_error", _translate(N_("Internal error; it has been logged.")))
        return render_template("error.html", status=500, message=_translate(N_("Internal error; it has been logged."))), 500
