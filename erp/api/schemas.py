"""Base schemas: unknown fields refused, strings stripped, exact decimals."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, missing, pre_load, validate
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import object_session
from sqlalchemy.orm.util import identity_key

from erp import clock

#: Every integer column is 32-bit: a larger input is a field error, not a database error.
INT_RANGE = validate.Range(min=-(2**31), max=2**31 - 1)
MAX_ID = 2**31 - 1
ID_RANGE = validate.Range(min=1, max=MAX_ID)
#: The dates a business document, filter or report may name: this century. Outside it a
#: date is a typing error (0001-01-01, 9999-12-31), which would otherwise be booked, or
#: overflow in date arithmetic (a due date, the next day of a filter) as a 500.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
DATE_RANGE = validate.Range(min=FIRST_DATE, max=LAST_DATE)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value) -> None:
    """NUL and the other control characters (tabs and line breaks aside) are typing or
    encoding accidents; PostgreSQL refuses NUL outright."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError("Contains a control character.")


def DATETIME_RANGE(value: dt.datetime) -> None:  # noqa: N802  (a validator, like the ranges above)
    """A time on a day of :data:`DATE_RANGE` (with or without its UTC offset)."""
    DATE_RANGE(value.date())


def _bounded(field: fields.Field, name: str) -> None:
    """Give an integer or date field the ranges above (lists of them too; an integer named
    ``id``, ``…_id`` or ``…_ids`` is a record id: 1 or more), and a string field the refusal
    of control characters."""
    if isinstance(field, fields.List):
        _bounded(field.inner, name.removesuffix("s") if name.endswith("_ids") else name)
        return
    if isinstance(field, fields.String):
        if _no_control_characters not in field.validators:
            field.validators.append(_no_control_characters)
        return
    if isinstance(field, fields.Date):
        bound = DATE_RANGE
    elif isinstance(field, fields.DateTime):
        bound = DATETIME_RANGE
    elif isinstance(field, fields.Integer):
        bound = ID_RANGE if name == "id" or name.endswith("_id") else INT_RANGE
    else:
        return
    if bound not in field.validators and not any(isinstance(v, validate.Range) for v in field.validators):
        field.validators.insert(0, bound)


class InputSchema(Schema):
    """Base of every input schema: unknown fields are an error, strings are stripped,
    empty strings become None (so an optional field left blank in a form is "not given") or,
    where the field has a default, are left out (the default applies), integers fit a
    32-bit column and dates lie in this century."""

    class Meta:
        unknown = RAISE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        _bounded(field_obj, field_name)

    @pre_load
    def _strip(self, data, **_kwargs):
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, str):
                value = value.strip()
                default = self.fields[key].load_default if key in self.fields else None
                if value == "" and default is not None and default is not missing:
                    continue  # left blank: the default (``?format=`` is the default format)
                if value == "" and key in self.fields and not isinstance(self.fields[key], fields.String):
                    value = None
                elif value == "" and key in self.fields and self.fields[key].allow_none:
                    value = None
            out[key] = value
        return out


class OutputSchema(Schema):
    class Meta:
        unknown = EXCLUDE
        ordered = True


def related_value(obj, relation: str, column: str):
    """``obj.<relation>.<column>`` for an output field, without loading the related row
    just for it: the related object is used when it is loaded or still in the session,
    else only that column is read (a lazy load would read the whole row and its eager
    relationships, e.g. an order's lines to show the order's number)."""
    loaded = obj.__dict__.get(relation, _MISSING)
    if loaded is not _MISSING:
        return getattr(loaded, column) if loaded is not None else None
    session = object_session(obj)
    prop = sa_inspect(type(obj)).relationships[relation]
    if session is None or prop.uselist or len(prop.local_columns) != 1:
        target = getattr(obj, relation)
        return getattr(target, column) if target is not None else None
    key = getattr(obj, next(iter(prop.local_columns)).key)
    if key is None:
        return None
    target_cls = prop.mapper.class_
    present = session.identity_map.get(identity_key(target_cls, key))
    if present is not None:
        return getattr(present, column)
    return session.scalar(select(getattr(target_cls, column)).where(prop.mapper.primary_key[0] == key))


_MISSING = object()


class ExactDecimal(fields.Decimal):
    """A decimal given as a string or number with at most ``places`` decimals.

    Too many decimals are refused, not rounded (rounding happens only in
    :mod:`erp.money`); NaN and infinities are refused; output is a string.
    """

    default_error_messages = {
        "places": "Too many decimals.",
        "invalid": "Not a valid number.",
        "special": "Not a valid number.",
    }

    def __init__(self, places: int = 2, *, minimum: Decimal | None = None,
                 maximum: Decimal | None = None, positive: bool = False, **kwargs):
        kwargs.setdefault("as_string", True)
        validators = list(kwargs.pop("validate", []) or [])
        super().__init__(places=None, allow_nan=False, validate=validators, **kwargs)
        self.max_places = places
        self.quantum = Decimal(1).scaleb(-places)
        self.minimum = minimum
        self.maximum = maximum
        self.positive = positive

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, float):
            value = repr(value)  # JSON numbers arrive as floats; their shortest repr is what was typed
        try:
            number = Decimal(str(value).replace(",", "")) if isinstance(value, str) else Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            raise self.make_error("invalid") from None
        if not number.is_finite():
            raise self.make_error("special")
        if abs(number) >= Decimal(10) ** 12:
            raise ValidationError("Number too large.")
        quantum = Decimal(1).scaleb(-self.max_places)
        if number.as_tuple().exponent < -self.max_places:
            if number != number.quantize(quantum):
                raise self.make_error("places")  # refused, never rounded
            number = number.quantize(quantum)
        if self.positive and number <= 0:
            raise ValidationError("Must be greater than 0.")
        if self.minimum is not None and number < self.minimum:
            raise ValidationError("Must not be less than %s." % self.minimum)  # noqa: UP031
        if self.maximum is not None and number > self.maximum:
            raise ValidationError("Must not be more than %s." % self.maximum)  # noqa: UP031
        return number

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(value)
        if value.as_tuple().exponent > -self.max_places:  # "20000" → "20000.00": always the column's decimals
            value = value.quantize(self.quantum)
        return format(value, "f")


def Money(**kwargs) -> ExactDecimal:  # noqa: N802
    return ExactDecimal(2, **kwargs)


def Qty(**kwargs) -> ExactDecimal:  # noqa: N802
    return ExactDecimal(4, **kwargs)


def Price(**kwargs) -> ExactDecimal:  # noqa: N802
    return ExactDecimal(6, **kwargs)


def Rate(**kwargs) -> ExactDecimal:  # noqa: N802
    return ExactDecimal(4, **kwargs)


def Id(**kwargs) -> fields.Integer:  # noqa: N802
    """A record id: a positive 32-bit integer (larger ones cannot exist, and PostgreSQL
    would refuse to compare with them)."""
    validators = [ID_RANGE] + list(kwargs.pop("validate", []) or [])
    return fields.Integer(validate=validators, strict=True, **kwargs)


def Str(max_length: int, *, required: bool = False, **kwargs) -> fields.String:  # noqa: N802
    """A string with a length limit (over-long input is a field error, not a 500)."""
    # ``allow_none=False`` on an optional field (an update's name): it may be left out, not blanked
    validators = [validate.Length(min=1 if required or kwargs.get("allow_none") is False else 0, max=max_length)]
    validators += list(kwargs.pop("validate", []) or [])
    if not required:
        kwargs.setdefault("allow_none", True)
    return fields.String(required=required, validate=validators, **kwargs)


class ListQuery(InputSchema):
    """Paging and search common to every list endpoint."""

    q = Str(100)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    sort = Str(40)


class PageSchema(OutputSchema):
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


def page_schema(item_schema: type[Schema]) -> type[Schema]:
    """A schema for one page of a list: ``{items: [...], page, per_page, total, pages}``."""
    name = f"{item_schema.__name__.removesuffix('Schema').removesuffix('Out')}Page"
    return type(name, (PageSchema,), {"items": fields.List(fields.Nested(item_schema))})


class DocumentActionIn(InputSchema):
    """Body of a transition (``POST …/{id}/cancel``): an optional reason."""

    reason = Str(300)


def today() -> dt.date:
    return clock.today()
