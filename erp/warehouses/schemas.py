from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Str

CODE = validate.Regexp(r"^[A-Za-z0-9_\-]+$", error="Letters, digits, _ and - only.")


class WarehouseIn(InputSchema):
    code = Str(20, required=True, validate=[CODE])
    name = Str(80, required=True)
    address = Str(300)
    contact = Str(60)
    phone = Str(40)
    allow_negative_stock = fields.Boolean(load_default=False)
    active = fields.Boolean(load_default=True)


class WarehouseUpdateIn(WarehouseIn):
    """Like the create body, every field optional (PATCH)."""

    code = Str(20, validate=[CODE], allow_none=False)
    name = Str(80, allow_none=False)
    allow_negative_stock = fields.Boolean()
    active = fields.Boolean()


class WarehouseOut(OutputSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    address = fields.String()
    contact = fields.String()
    phone = fields.String()
    allow_negative_stock = fields.Boolean()
    active = fields.Boolean()


class WarehouseQuery(ListQuery):
    active = fields.Boolean(allow_none=True)
