from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, OutputSchema, Qty, Str
from inventory.schemas import BatchLineIn, DocumentOut, DocumentQuery, LineOut, lines_field


class AllocationIn(InputSchema):
    batch_id = fields.Integer(required=True)
    qty = Qty(required=True, positive=True)


class OutboundLineIn(BatchLineIn):
    """``batch_id``: the whole line from that batch; ``allocations``: several batches
    (quantities in the base unit); neither: FEFO."""

    allocations = fields.List(fields.Nested(AllocationIn))


class OutboundIn(InputSchema):
    warehouse_id = fields.Integer(required=True)
    customer_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(OutboundLineIn)


class OutboundUpdateIn(InputSchema):
    customer_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    lines = lines_field(OutboundLineIn, required=False)


class LineBatchesIn(InputSchema):
    line_id = fields.Integer(required=True)
    #: Empty: back to FEFO.
    allocations = fields.List(fields.Nested(AllocationIn), required=True)


class ChooseBatchesIn(InputSchema):
    lines = fields.List(fields.Nested(LineBatchesIn), required=True)


class AllocateIn(InputSchema):
    partial = fields.Boolean(load_default=False)


class OutboundAllocationOut(OutputSchema):
    batch_id = fields.Integer()
    batch_no = fields.Function(lambda a: a.batch.batch_no if a.batch else None)
    expiry_date = fields.Function(lambda a: a.batch.expiry_date.isoformat() if a.batch and a.batch.expiry_date else None)
    qty = Qty()
    manual = fields.Boolean()


class OutboundLineOut(LineOut):
    origin_line_id = fields.Integer()
    allocated = Qty()
    allocations = fields.List(fields.Nested(OutboundAllocationOut))
    reservation_consumed = Qty()
    qty_invoiced = Qty()
    qty_returned = Qty()


class OutboundOut(DocumentOut):
    warehouse_id = fields.Integer()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda d: d.customer.name if d.customer else None)
    origin_type = fields.String()
    origin_id = fields.Integer()
    lines = fields.List(fields.Nested(OutboundLineOut))


class OutboundQuery(DocumentQuery):
    customer_id = fields.Integer()
