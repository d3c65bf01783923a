from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, Price, Qty, Str
from purchasing.schemas import PurchaseDocumentOut, PurchaseLineOut, PurchaseTakenLineIn, lines_of


class GoodsReceiptLineIn(PurchaseTakenLineIn):
    """Part of an order line, with its price (default the order's) and batch."""

    unit_price = Price(allow_none=True, minimum=Decimal(0))
    batch_no = Str(40)
    production_date = fields.Date(allow_none=True)
    expiry_date = fields.Date(allow_none=True)


class GoodsReceiptHeaderIn(InputSchema):
    supplier_id = fields.Integer(allow_none=True)
    warehouse_id = fields.Integer(allow_none=True)
    confirm_other_warehouse = fields.Boolean(load_default=False)
    doc_date = fields.Date(allow_none=True)
    delivery_ref = Str(40)
    note = Str(2000)


class GoodsReceiptMakeIn(GoodsReceiptHeaderIn):
    """Body of ``POST /purchase-orders/{id}/goods-receipts``: nothing (all that remains) or some lines."""

    lines = lines_of(GoodsReceiptLineIn)


class GoodsReceiptIn(GoodsReceiptMakeIn):
    order_id = fields.Integer(required=True)


class GoodsReceiptUpdateIn(GoodsReceiptHeaderIn):
    lines = lines_of(GoodsReceiptLineIn)


class GoodsReceiptLineOut(PurchaseLineOut):
    origin_line_id = fields.Integer()
    batch_id = fields.Integer()
    batch_no = fields.String()
    production_date = fields.Date()
    expiry_date = fields.Date()
    unit_cost = Price()
    qty_returned = Qty()
    returned_net = Money()
    returned_tax = Money()
    returned_gross = Money()
    qty_invoiced = Qty()
    amount_invoiced = Money()
    amount_owed = Money()


class GoodsReceiptOut(PurchaseDocumentOut):
    order_id = fields.Integer()
    order_number = fields.Function(lambda d: d.order.number)
    delivery_ref = fields.String()
    warehouse_changed = fields.Boolean()
    lines = fields.List(fields.Nested(GoodsReceiptLineOut))


LAYOUTS = ("case-100x70", "case-100x100", "a4-3x8", "a4-3x7", "roll-60x40", "roll-50x30")


class GoodsReceiptLabelsQuery(InputSchema):
    """``kind=case``: one case label per case received (a part case counts); ``kind=product``:
    ``copies`` piece labels per line. ``line_ids`` limits the lines."""

    kind = Str(10, load_default="case", validate=[validate.OneOf(["case", "product"])])
    layout = Str(20, allow_none=True, validate=[validate.OneOf(LAYOUTS)])
    copies = fields.Integer(load_default=1, validate=validate.Range(min=1, max=500))
    line_ids = fields.List(fields.Integer(), load_default=list)
    lang = Str(5, allow_none=True, validate=[validate.OneOf(["zh", "en"])])
