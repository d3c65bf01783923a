from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, Money, Str
from purchasing.schemas import PurchaseDocumentOut, PurchaseLineOut, PurchaseTakenLineIn, lines_of


class PurchaseReturnLineIn(PurchaseTakenLineIn):
    """Part of a receipt line, out of ``batch_id`` (default the receipt line's batch)."""

    batch_id = fields.Integer(allow_none=True)


class PurchaseReturnHeaderIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    reason = Str(300)
    note = Str(2000)


class PurchaseReturnMakeIn(PurchaseReturnHeaderIn):
    """Body of ``POST /goods-receipts/{id}/purchase-returns``: nothing (all that is left) or some lines."""

    supplier_id = fields.Integer(allow_none=True)
    lines = lines_of(PurchaseReturnLineIn)


class PurchaseReturnIn(PurchaseReturnMakeIn):
    receipt_id = fields.Integer(required=True)


class PurchaseReturnUpdateIn(PurchaseReturnHeaderIn):
    lines = lines_of(PurchaseReturnLineIn)


class PurchaseReturnLineOut(PurchaseLineOut):
    origin_line_id = fields.Integer()
    batch_id = fields.Integer()
    batch_no = fields.Function(lambda line: line.batch.batch_no if line.batch else None)
    expiry_date = fields.Function(lambda line: line.batch.expiry_date.isoformat()
                                  if line.batch and line.batch.expiry_date else None)
    cost_value = Money()


class PurchaseReturnOut(PurchaseDocumentOut):
    receipt_id = fields.Integer()
    receipt_number = fields.Function(lambda d: d.receipt.number)
    order_id = fields.Integer()
    reason = fields.String()
    lines = fields.List(fields.Nested(PurchaseReturnLineOut))
