from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, Str
from inventory.schemas import BatchLineIn, BatchLineOut, DocumentOut, DocumentQuery, lines_field
from inventory.stock_outs.models import StockOutReason

REASON = validate.OneOf([r.value for r in StockOutReason])


class StockOutIn(InputSchema):
    warehouse_id = fields.Integer(required=True)
    reason = Str(20, required=True, validate=[REASON])
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(BatchLineIn)


class StockOutUpdateIn(InputSchema):
    reason = Str(20, validate=[REASON])
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(BatchLineIn, required=False)


class CostedLineOut(BatchLineOut):
    cost_value = Money()


class StockOutOut(DocumentOut):
    warehouse_id = fields.Integer()
    reason = fields.String()
    lines = fields.List(fields.Nested(CostedLineOut))


class StockOutQuery(DocumentQuery):
    reason = Str(20, validate=[REASON])
