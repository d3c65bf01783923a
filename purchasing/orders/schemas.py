from __future__ import annotations

from decimal import Decimal

from marshmallow import fields

from erp.api.schemas import InputSchema, OutputSchema, Price, Qty, Rate, Str
from purchasing.orders.models import RECEIPT_STATUS_LABELS
from purchasing.schemas import PurchaseDocumentOut, PurchaseLineOut, lines_of


class PurchaseOrderLineIn(InputSchema):
    """A line typed by a purchaser: a product, a quantity in any of its units (default the
    purchase packing), and optionally a price per that unit and a VAT rate."""

    product_id = fields.Integer(required=True)
    unit_id = fields.Integer(allow_none=True)
    qty = Qty(required=True, positive=True)
    unit_price = Price(allow_none=True, minimum=Decimal(0))
    vat_rate = Rate(allow_none=True, minimum=Decimal(0))


class PurchaseOrderHeaderIn(InputSchema):
    warehouse_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    expected_date = fields.Date(allow_none=True)
    supplier_ref = Str(40)
    note = Str(2000)


class PurchaseOrderIn(PurchaseOrderHeaderIn):
    supplier_id = fields.Integer(required=True)
    warehouse_id = fields.Integer(required=True)
    price_includes_vat = fields.Boolean(load_default=True)
    lines = lines_of(PurchaseOrderLineIn, required=True)


class PurchaseOrderUpdateIn(PurchaseOrderHeaderIn):
    supplier_id = fields.Integer(allow_none=True)
    price_includes_vat = fields.Boolean(allow_none=True)
    lines = lines_of(PurchaseOrderLineIn)


class PurchaseOrderLineOut(PurchaseLineOut):
    qty_received = Qty()
    qty_returned = Qty()
    qty_open = Qty()


class PurchaseOrderOut(PurchaseDocumentOut):
    expected_date = fields.Date()
    supplier_ref = fields.String()
    receipt_status = fields.String()
    receipt_status_label = fields.Function(
        lambda d: RECEIPT_STATUS_LABELS.get(d.receipt_status) if d.receipt_status else None)
    close_reason = fields.String()
    lines = fields.List(fields.Nested(PurchaseOrderLineOut))


class PurchaseLineProgressOut(OutputSchema):
    line_id = fields.Function(lambda p: p.line.id)
    line_no = fields.Function(lambda p: p.line.line_no)
    sku = fields.Function(lambda p: p.line.product.sku)
    base_unit = fields.Function(lambda p: p.line.product.base_unit.name)
    ordered = Qty()
    on_receipts = Qty()
    received = Qty()
    returned = Qty()
    open = Qty()
    to_receive = Qty()
    receivable = Qty()


class PurchaseLineDefaultsQuery(InputSchema):
    product_id = fields.Integer(required=True)
    supplier_id = fields.Integer(allow_none=True)
    warehouse_id = fields.Integer(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    price_includes_vat = fields.Boolean(load_default=True)


class PurchaseUnitChoiceOut(OutputSchema):
    unit_id = fields.Integer()
    name = fields.String()
    factor = Qty()
    default = fields.Boolean()


class PurchaseLineDefaultsOut(OutputSchema):
    product_id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    unit_id = fields.Integer()
    factor = Qty()
    unit_price = Price()
    price_source = fields.String()
    vat_rate = Rate()
    batch_tracked = fields.Boolean()
    available = Qty()
    on_order = Qty()
    units = fields.List(fields.Nested(PurchaseUnitChoiceOut))
