from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, Qty, Str
from erp.money import amount_in_words
from erp.sales.schemas import OriginLineOut, SalesDocumentOut, TakenLineIn, lines_of


def ids_field(**kwargs) -> fields.List:
    return fields.List(fields.Integer(), validate=validate.Length(max=200), **kwargs)


class InvoiceIn(InputSchema):
    """Outbounds (and/or delivery notes, meaning their approved outbounds) of one customer."""

    outbound_ids = ids_field(load_default=list)
    delivery_note_ids = ids_field(load_default=list)
    doc_date = fields.Date(allow_none=True)
    price_includes_vat = fields.Boolean(allow_none=True)
    note = Str(2000)
    lines = lines_of(TakenLineIn)


class InvoiceFromOutboundIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    price_includes_vat = fields.Boolean(allow_none=True)
    note = Str(2000)
    lines = lines_of(TakenLineIn)


class InvoiceUpdateIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)
    outbound_ids = ids_field(allow_none=True)
    lines = lines_of(TakenLineIn)


class InvoiceLineOut(OriginLineOut):
    outbound_id = fields.Integer()
    order_line_id = fields.Integer()
    qty_credited = Qty()


class InvoiceOut(SalesDocumentOut):
    due_date = fields.Date()
    amount_open = Money()
    amount_in_words = fields.Function(lambda d: amount_in_words(d.total_gross))
    outbound_ids = fields.List(fields.Integer())
    lines = fields.List(fields.Nested(InvoiceLineOut))
