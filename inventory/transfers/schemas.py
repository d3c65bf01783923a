from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, Str
from inventory.schemas import BatchLineIn, DocumentOut, DocumentQuery, lines_field
from inventory.stock_outs.schemas import CostedLineOut


class TransferIn(InputSchema):
    from_warehouse_id = fields.Integer(required=True)
    to_warehouse_id = fields.Integer(required=True)
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(BatchLineIn)


class TransferUpdateIn(InputSchema):
    from_warehouse_id = fields.Integer()
    to_warehouse_id = fields.Integer()
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(BatchLineIn, required=False)


class ReceiveIn(InputSchema):
    received_on = fields.Date(allow_none=True)


class TransferOut(DocumentOut):
    from_warehouse_id = fields.Integer()
    to_warehouse_id = fields.Integer()
    transit_status = fields.String()
    received_on = fields.Date()
    received_by_id = fields.Integer()
    lines = fields.List(fields.Nested(CostedLineOut))


class TransferQuery(DocumentQuery):
    in_transit = fields.Boolean(allow_none=True)
