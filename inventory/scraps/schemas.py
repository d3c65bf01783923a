from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, Str
from inventory.schemas import BatchLineIn, DocumentOut, DocumentQuery, lines_field
from inventory.scraps.models import ScrapReason
from inventory.stock_outs.schemas import CostedLineOut

REASON = validate.OneOf([r.value for r in ScrapReason])


class ScrapIn(InputSchema):
    warehouse_id = fields.Integer(required=True)
    reason = Str(20, required=True, validate=[REASON])
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(BatchLineIn)


class ScrapUpdateIn(InputSchema):
    reason = Str(20, validate=[REASON])
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(BatchLineIn, required=False)


class ScrapOut(DocumentOut):
    warehouse_id = fields.Integer()
    reason = fields.String()
    value = Money(attribute="total_value")
    lines = fields.List(fields.Nested(CostedLineOut))


class ScrapQuery(DocumentQuery):
    reason = Str(20, validate=[REASON])
