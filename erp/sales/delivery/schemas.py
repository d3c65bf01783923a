from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, Qty, Str, related_value
from erp.sales.schemas import MakeIn, OriginLineOut, SalesDocumentOut, TakenLineIn, lines_of
from inventory.outbounds.schemas import AllocationIn


class DeliveryMakeIn(MakeIn):
    warehouse_id = fields.Integer(allow_none=True)
    ship_to = Str(300)


class DeliveryNoteUpdateIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    warehouse_id = fields.Integer(allow_none=True)
    ship_to = Str(300)
    note = Str(2000)
    lines = lines_of(TakenLineIn)


class ShipLineIn(TakenLineIn):
    """``batch_id``: the whole line from that batch; ``allocations``: several batches (base
    unit); neither: FEFO."""

    batch_id = fields.Integer(allow_none=True)
    allocations = fields.List(fields.Nested(AllocationIn), allow_none=True)


class OutboundMakeIn(MakeIn):
    lines = lines_of(ShipLineIn)


class DeliveryNoteLineOut(OriginLineOut):
    #: Given up when the note was closed: not shipped, no longer held (base unit).
    qty_closed = Qty()


class DeliveryNoteOut(SalesDocumentOut):
    order_id = fields.Integer()
    order_number = fields.Function(lambda d: related_value(d, "order", "number"))
    warehouse_id = fields.Integer()
    ship_to = fields.String()
    lines = fields.List(fields.Nested(DeliveryNoteLineOut))
