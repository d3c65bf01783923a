"""Input and output shapes of suppliers (供应商档案)."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, OutputSchema, Str
from erp.errors import N_
from erp.masterdata.identifiers import Uscc
from erp.masterdata.schemas import CODE


class SupplierIn(InputSchema):
    code = Str(20, required=True, validate=[CODE])
    name = Str(120, required=True)
    uscc = Uscc()
    contact = Str(60)
    phone = Str(40)
    email = fields.Email(allow_none=True, validate=validate.Length(max=200))
    address = Str(300)
    bank_name = Str(120)
    bank_account = Str(40)
    payment_terms_days = fields.Integer(load_default=30, validate=validate.Range(min=0, max=3650, error=N_("Between 0 and 3650 days.")))
    note = Str(2000)
    active = fields.Boolean(load_default=True)


class SupplierUpdateIn(SupplierIn):
    code = Str(20, validate=[CODE], allow_none=False)
    name = Str(120, allow_none=False)
    payment_terms_days = fields.Integer(validate=validate.Range(min=0, max=3650, error=N_("Between 0 and 3650 days.")))
    active = fields.Boolean()


class SupplierOut(OutputSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    uscc = fields.String()
    contact = fields.String()
    phone = fields.String()
    email = fields.String()
    address = fields.String()
    bank_name = fields.String()
    bank_account = fields.String()
    payment_terms_days = fields.Integer()
    note = fields.String()
    active = fields.Boolean()


class SupplierQuery(ListQuery):
    active = fields.Boolean(allow_none=True)
