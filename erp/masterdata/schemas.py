"""Schemas shared by the master data concepts: category trees and brief references."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Str
from erp.errors import N_
from erp.masterdata.records import MAX_ID

#: Codes of master records: letters, digits, _ and -.
CODE = validate.Regexp(r"^[A-Za-z0-9_\-]+$", error="Letters, digits, _ and - only.")
CATEGORY_CODE = validate.Regexp(r"^[0-9]+$", error="A category code has digits only.")


def Id(**kwargs) -> fields.Integer:  # noqa: N802
    """The id of a record: a positive 32-bit integer (a larger number is a field error, not a
    query PostgreSQL would refuse)."""
    kwargs.setdefault("allow_none", not kwargs.get("required", False))
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID, error=N_("Not a valid id.")), **kwargs)


class CategoryIn(InputSchema):
    code = Str(30, required=True, validate=[CATEGORY_CODE])
    name = Str(80, required=True)
    parent_id = Id(allow_none=True)


class CategoryUpdateIn(InputSchema):
    """Only the name may change; a code or parent sent must be the current one."""

    name = Str(80, allow_none=False)
    code = Str(30)
    parent_id = Id(allow_none=True)


class CategoryBrief(OutputSchema):
    id = Id()
    code = fields.String()
    name = fields.String()


class CategoryOut(CategoryBrief):
    level = fields.Integer()
    parent_id = Id()
    parent = fields.Nested(CategoryBrief, allow_none=True)


class CategoryQuery(ListQuery):
    parent_id = Id(allow_none=True)
    level = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=9, error=N_("Between 1 and 9.")))


class UserBrief(OutputSchema):
    id = Id()
    username = fields.String()
    display_name = fields.String()


class CodeNameBrief(OutputSchema):
    id = Id()
    code = fields.String()
    name = fields.String()


class DeletedOut(OutputSchema):
    deleted = fields.Boolean()
    id = Id()


class Fixed(fields.Decimal):
    """A decimal written with exactly the decimals of its column ("20000" → "20000.00"), so
    that what a create returns reads like what a later GET returns."""

    def __init__(self, places: int, **kwargs):
        super().__init__(as_string=True, **kwargs)
        self.quantum = Decimal(1).scaleb(-places)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return format(Decimal(value).quantize(self.quantum), "f")


def MoneyOut() -> Fixed:  # noqa: N802
    return Fixed(2)


def QtyOut() -> Fixed:  # noqa: N802
    return Fixed(4)


def PriceOut() -> Fixed:  # noqa: N802
    return Fixed(6)


def RateOut() -> Fixed:  # noqa: N802
    return Fixed(4)

