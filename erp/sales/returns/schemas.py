from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, Money, Price, Str
from erp.sales.schemas import OriginLineOut, SalesDocumentOut, TakenLineIn, lines_of


class ReturnLineIn(TakenLineIn):
    #: The batch the goods go back into (default: the one they left from, when only one).
    batch_id = fields.Integer(allow_none=True)


class ReturnIn(InputSchema):
    warehouse_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    reason = Str(300)
    note = Str(2000)
    lines = lines_of(ReturnLineIn)



class ReturnLineOut(OriginLineOut):
    order_line_id = fields.Integer()
    batch_id = fields.Integer()
    batch_no = fields.Function(lambda line: line.batch.batch_no if line.batch else None)
    unit_cost = Price()
    cost_value = Money()


class ReturnOut(SalesDocumentOut):
    outbound_id = fields.Integer()
    outbound_number = fields.Function(lambda d: d.outbound.number)
    warehouse_id = fields.Integer()
    reason = fields.String()
    lines = fields.List(fields.Nested(ReturnLineOut))
