"""Input and output of the carrier API and pages."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Str
from erp.errors import N_

CODE = validate.Regexp(r"^[A-Za-z0-9_\-]+$", error=N_("Letters, digits, _ and - only."))
PREFIX = validate.Regexp(r"^[A-Za-z0-9]+$", error=N_("Letters and digits only."))


class CarrierIn(InputSchema):
    code = Str(20, required=True, validate=[CODE])
    name = Str(80, required=True)
    waybill_prefix = Str(10, validate=[PREFIX])
    phone = Str(40)
    active = fields.Boolean(load_default=True)


class CarrierUpdateIn(CarrierIn):
    """Like the create body, every field optional (PATCH)."""

    code = Str(20, validate=[CODE], allow_none=False)
    name = Str(80, allow_none=False)
    active = fields.Boolean()


class CarrierOut(OutputSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    waybill_prefix = fields.String()
    phone = fields.String()
    active = fields.Boolean()


class CarrierQuery(ListQuery):
    active = fields.Boolean(allow_none=True)
