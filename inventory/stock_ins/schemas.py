from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, Price, Str
from inventory.schemas import BatchLineOut, DocumentOut, DocumentQuery, LineIn, lines_field
from inventory.stock_ins.models import StockInReason

REASON = validate.OneOf([r.value for r in StockInReason])


class StockInLineIn(LineIn):
    unit_cost = Price(required=True, minimum=0)
    batch_id = fields.Integer(allow_none=True)
    batch_no = Str(40)
    production_date = fields.Date(allow_none=True)
    expiry_date = fields.Date(allow_none=True)


class StockInIn(InputSchema):
    warehouse_id = fields.Integer(required=True)
    reason = Str(20, required=True, validate=[REASON])
    supplier_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(StockInLineIn)


class StockInUpdateIn(InputSchema):
    reason = Str(20, validate=[REASON])
    supplier_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(StockInLineIn, required=False)


class StockInLineOut(BatchLineOut):
    unit_cost = Price()
    amount = Money()
    batch_no = fields.String()
    production_date = fields.Date()
    expiry_date = fields.Date()


class StockInOut(DocumentOut):
    warehouse_id = fields.Integer()
    reason = fields.String()
    supplier_id = fields.Integer()
    total_amount = Money()
    lines = fields.List(fields.Nested(StockInLineOut))


class StockInQuery(DocumentQuery):
    reason = Str(20, validate=[REASON])
