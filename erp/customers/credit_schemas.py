from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Str
from erp.documents.base import DocState


class CreditLineIn(InputSchema):
    customer_id = fields.Integer(required=True)
    new_limit = Money(required=True)


class CreditChangeIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    reason = Str(300)
    note = Str(2000)
    lines = fields.List(fields.Nested(CreditLineIn), required=True, validate=validate.Length(min=1, max=500))


class CreditChangeUpdateIn(CreditChangeIn):
    lines = fields.List(fields.Nested(CreditLineIn), validate=validate.Length(min=1, max=500))


class CreditLineOut(OutputSchema):
    id = fields.Integer()
    line_no = fields.Integer()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda line: line.customer.name)
    old_limit = Money()
    new_limit = Money()


class CreditChangeOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.Function(lambda d: d.state.value)
    reason = fields.String()
    note = fields.String()
    created_by_id = fields.Integer()
    approved_by_id = fields.Integer()
    approved_at = fields.DateTime()
    lines = fields.List(fields.Nested(CreditLineOut))


class CreditChangeQuery(ListQuery):
    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
