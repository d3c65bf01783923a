"""Helpers for server-rendered pages: login and permission guards, forms that
re-show their values with an error beside each field, list paging."""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from marshmallow import Schema
from marshmallow import fields as mf

from erp.api.schemas import FIRST_DATE, INT_RANGE, LAST_DATE, MAX_ID
from erp.auth.services import require
from erp.db.flask import db_session
from erp.documents.api_helpers import WITH_REASON
from erp.errors import N_, ErpError, Forbidden, Unauthorized
from erp.web.errors import translate_message

#: (endpoint, permission) of every page, for the role × page test.
PAGES: dict[str, str | None] = {}


def page(bp, rule: str, *, permission: str | None, methods=("GET",)):
    """Route a page that needs a login and, if given, a permission (403 page otherwise).
    The view receives ``session`` and ``actor`` keyword arguments."""

    def decorator(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def view(**kwargs):
            actor = g.get("actor")
            if actor is None:
                raise Unauthorized(N_("Please log in."))
            if permission:
                require(actor, permission)
            return fn(session=db_session(), actor=actor, **kwargs)

        bp.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=list(methods))
        PAGES[f"{bp.name}.{fn.__name__}"] = permission
        return view

    return decorator


@dataclass
class Form:
    """Values and errors of one HTML form. ``errors`` maps a field to its messages;
    nested line errors use ``lines.0.qty`` keys."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str | None = None

    def value(self, name: str, default: Any = "") -> Any:
        value = self.values.get(name, default)
        return "" if value is None else value

    def error(self, name: str) -> list[str]:
        return self.errors.get(name, [])

    @classmethod
    def from_error(cls, values: dict, exc: ErpError) -> Form:
        return cls(values=values, errors=flatten_errors(exc.fields), message=exc.render(gettext))


def flatten_errors(fields_: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages → ``{"lines.0.qty": ["…"]}``, translated."""
    out: dict[str, list[str]] = {}
    if isinstance(fields_, dict):
        for key, value in fields_.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                out[name] = [translate_message(v) for v in value]
            elif isinstance(value, str):
                out[name] = [translate_message(value)]
            else:
                out.update(flatten_errors(value, name))
    elif isinstance(fields_, (list, tuple)):
        out[prefix or "_"] = [translate_message(str(v)) for v in fields_]
    return out


_LINE_KEY = re.compile(r"^(\w+)-(\d+)-(\w+)$")


def form_data(schema: Schema | type[Schema], form=None) -> dict:
    """Turn a submitted form into input for ``schema``: checkboxes to booleans, multi-selects
    to lists, ``lines-0-qty`` style names into a list of dicts; blank optional fields dropped."""
    form = form if form is not None else request.form
    schema = schema() if isinstance(schema, type) else schema
    data: dict[str, Any] = {}
    nested: dict[str, dict[int, dict]] = {}
    for key in form:
        if key == "csrf_token":
            continue
        match = _LINE_KEY.match(key)
        if match:
            name, index, sub = match.group(1), int(match.group(2)), match.group(3)
            nested.setdefault(name, {}).setdefault(index, {})[sub] = form.get(key)
            continue
        fld = schema.fields.get(key)
        if isinstance(fld, mf.List):
            data[key] = [v for v in form.getlist(key) if v != ""]
        elif isinstance(fld, mf.Boolean):
            data[key] = form.get(key) in ("on", "true", "1", "y")
        else:
            data[key] = form.get(key)
    for name, fld in schema.fields.items():
        if isinstance(fld, mf.Boolean) and name not in data and not fld.dump_only:
            data[name] = False
    for name, rows in nested.items():
        inner = schema.fields.get(name)
        inner_schema = getattr(getattr(inner, "inner", None), "schema", None)
        lines = []
        for index in sorted(rows):
            row = {k: v for k, v in rows[index].items()}
            if not any(v not in ("", None) for v in row.values()):
                continue  # an empty line the user did not fill
            if inner_schema is not None:
                for sub, sub_field in inner_schema.fields.items():
                    if isinstance(sub_field, mf.Boolean):
                        row[sub] = row.get(sub) in ("on", "true", "1", "y")
            lines.append({k: v for k, v in row.items() if v != "" or k == "id"})
        data[name] = lines
    for key in list(data):
        if data[key] == "" and key in schema.fields and not schema.fields[key].required:
            data[key] = None
    return data


@dataclass
class Pager:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def url(self, page: int) -> str:
        return query_url(page=page)


#: Names url_for keeps for itself: a query string holding one (?endpoint=x) is not passed on.
_URL_FOR_NAMES = frozenset({"endpoint", "_external", "_anchor", "_method", "_scheme"})


def query_url(endpoint: str | None = None, /, *, drop: tuple[str, ...] = (), **overrides) -> str:
    """A link to ``endpoint`` (this page when None) carrying this page's query string, less
    ``drop``, with ``overrides`` replacing its values: the pager's pages, a list's or
    report's downloads with its filters."""
    args = {k: v for k, v in request.args.items() if k not in _URL_FOR_NAMES and k not in drop}
    args.update(overrides)
    view_args = dict(request.view_args or {}) if endpoint is None else {}
    for key in view_args:
        args.pop(key, None)
    return url_for(endpoint or request.endpoint, **view_args, **args)


def list_args(default_per_page: int = 50) -> dict:
    return {"page": arg_int("page", 1, minimum=1, maximum=MAX_PAGE),
            "per_page": arg_int("per_page", default_per_page, minimum=1, maximum=500),
            "q": (request.args.get("q") or "").strip() or None}


# A page's query string comes from links, bookmarks and hand-edited URLs: a value that is not
# what the page filters by is ignored (the default applies), never a database error. The API
# refuses the same values with field messages (erp.api.schemas).
MAX_PAGE = 100000


def arg_int(name: str, default: int | None = None, *, minimum: int = INT_RANGE.min,
            maximum: int = INT_RANGE.max, source=None) -> int | None:
    """An integer argument (of the query string, or of ``source``: a form), clamped to
    ``minimum``..``maximum``; ``default`` when missing or not an integer, or beyond a 32-bit
    column (an id that cannot exist)."""
    raw = (request.args if source is None else source).get(name)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    if not INT_RANGE.min <= value <= INT_RANGE.max:
        return default
    return min(max(value, minimum), maximum)


def arg_id(name: str, *, source=None) -> int | None:
    """A record id argument: a positive 32-bit integer, else None."""
    return as_id((request.args if source is None else source).get(name))


def as_id(value) -> int | None:
    """A record id typed in a form or a URL (``"12"``, 12): a positive 32-bit integer, else
    None. A form shown again after an error looks up what was typed with it: "²" or
    "99999999999999999999" must not reach the database."""
    try:
        number = int(str(value).strip()) if value is not None and not isinstance(value, bool) else None
    except ValueError:
        return None
    return number if number is not None and 0 < number <= MAX_ID else None


def arg_date(name: str, default: dt.date | None = None) -> dt.date | None:
    """A ``YYYY-MM-DD`` argument of this century (the API's dates); ``default`` otherwise."""
    try:
        value = dt.date.fromisoformat(request.args.get(name) or "")
    except ValueError:
        return default
    return value if FIRST_DATE <= value <= LAST_DATE else default


def arg_choice(name: str, choices) -> str | None:
    """A filter among ``choices`` (an enum or values): None when missing or unknown."""
    value = request.args.get(name) or None
    allowed = {getattr(c, "value", c) for c in choices}
    return value if value in allowed else None


def done(message: str, endpoint: str, **values):
    """Flash a translated success message and redirect (POST → redirect → GET)."""
    flash(gettext(message), "success")
    return redirect(url_for(endpoint, **values))


def refused(exc: ErpError, endpoint: str, **values):
    """An action refused from a page: nothing of it is kept (the request rolls back), the
    translated message shows on the page the user came from."""
    g.db_rollback = True
    flash(exc.render(gettext), "error")
    return redirect(url_for(endpoint, **values))


def act(action: Callable[[], object], message: str, endpoint: str, **values):
    """Run ``action`` for a form posted from a page and go back to ``endpoint``: with
    ``message`` when it worked, with the refusal (nothing kept) when it raised."""
    try:
        action()
    except ErpError as exc:
        return refused(exc, endpoint, **values)
    return done(message, endpoint, **values)


def render_form(template: str, form: Form, status: int = 200, **context):
    return render_template(template, form=form, **context), status


def forbid_unless(actor, permission: str) -> None:
    if not actor.can(permission):
        raise Forbidden(N_("You do not have the permission %(permission)s."), permission=permission)


__all__ = ["PAGES", "Form", "Pager", "abort", "done", "flatten_errors", "form_data", "list_args", "page",
           "render_form"]


def run_verb(session, actor, doc_id: int, verb: str, verbs: dict[str, Callable], delete: Callable,
             detail: str, index: str):
    """POST /<resource>/<id>/<verb> from a document page's button (with the reason typed
    beside it): the service, then back to the document (to the list after a delete)."""
    if verb == "delete":
        delete(session, actor, doc_id)
        return done(N_("Deleted."), index)
    service = verbs.get(verb)
    if service is None:
        abort(404)
    if verb in WITH_REASON:
        service(session, actor, doc_id, request.form.get("reason") or None)
    else:
        service(session, actor, doc_id)
    return done(N_("Done."), detail, id=doc_id)
