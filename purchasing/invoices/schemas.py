from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import MAX_ID, InputSchema, ListQuery, Money, OutputSchema, Price, Qty, Str
from erp.documents.base import DocState
from purchasing.schemas import PurchaseLineOut, lines_of


def ref(**kwargs) -> fields.Integer:
    """A record id from JSON or a form (a string of digits is accepted)."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class SupplierInvoiceLineIn(InputSchema):
    """Part of a goods receipt line: ``qty`` in ``unit_id`` (default the receipt line's
    unit) at the supplier's ``unit_price`` (default the receipt's price)."""

    origin_line_id = ref(required=True)
    qty = Qty(required=True, positive=True)
    unit_id = ref(allow_none=True)
    unit_price = Price(allow_none=True, minimum=Decimal(0))


class SupplierInvoiceHeaderIn(InputSchema):
    supplier_invoice_no = Str(40)
    supplier_invoice_date = fields.Date(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    price_includes_vat = fields.Boolean(allow_none=True, load_default=None)
    note = Str(2000)


class SupplierInvoiceMakeIn(SupplierInvoiceHeaderIn):
    """Body of ``POST /goods-receipts/{id}/supplier-invoices``."""

    supplier_invoice_no = Str(40, required=True)
    supplier_id = ref(allow_none=True)
    lines = lines_of(SupplierInvoiceLineIn)


class SupplierInvoiceIn(SupplierInvoiceMakeIn):
    """Body of ``POST /supplier-invoices``: the receipts (one supplier's) and, optionally, lines."""

    receipt_ids = fields.List(ref(), required=True, validate=validate.Length(min=1, max=100))


class SupplierInvoiceUpdateIn(SupplierInvoiceHeaderIn):
    receipt_ids = fields.List(ref(), validate=validate.Length(min=1, max=100), allow_none=True)
    lines = lines_of(SupplierInvoiceLineIn)


class SupplierInvoiceLineOut(PurchaseLineOut):
    origin_line_id = fields.Integer()
    receipt_id = fields.Integer()
    receipt_number = fields.Function(lambda line: line.receipt.number)
    order_line_id = fields.Integer()
    qty_credited = Qty()
    amount_credited = Money()


class LineMatchOut(OutputSchema):
    line_id = fields.Function(lambda m: m.line.id)
    line_no = fields.Function(lambda m: m.line.line_no)
    invoice_price = Price(attribute="line.unit_price")
    order_price = Price()
    receipt_price = Price()
    ordered = Qty()
    received = Qty()
    invoiced = Qty()
    price_ok = fields.Boolean()
    qty_ok = fields.Boolean()
    status = fields.String()


class SupplierInvoiceOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.Function(lambda d: d.state.value)
    supplier_id = fields.Integer()
    supplier_name = fields.Function(lambda d: d.supplier.name)
    supplier_invoice_no = fields.String()
    supplier_invoice_date = fields.Date()
    due_date = fields.Date()
    price_includes_vat = fields.Boolean()
    receipt_ids = fields.Function(lambda d: [r.id for r in d.receipts])
    total_net = Money()
    total_tax = Money()
    total_gross = Money()
    credited = Money()
    paid = Money()
    amount_open = Money()
    note = fields.String()
    version = fields.Integer()
    created_by_id = fields.Integer()
    created_at = fields.DateTime()
    approved_by_id = fields.Integer()
    approved_at = fields.DateTime()
    cancel_reason = fields.String()
    lines = fields.List(fields.Nested(SupplierInvoiceLineOut))


class SupplierInvoiceQuery(ListQuery):
    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
    supplier_id = ref()
    date_from = fields.Date()
    date_to = fields.Date()
    #: Only approved invoices with something still to pay.
    open = fields.Boolean(load_default=False)


class LineToInvoiceOut(OutputSchema):
    receipt_line_id = fields.Function(lambda x: x.line.id)
    line_no = fields.Function(lambda x: x.line.line_no)
    product_id = fields.Function(lambda x: x.line.product_id)
    sku = fields.Function(lambda x: x.line.product.sku)
    product_name = fields.Function(lambda x: x.line.product.name)
    unit_id = fields.Function(lambda x: x.line.unit_id)
    unit_price = fields.Function(lambda x: format(x.line.unit_price, "f"))
    qty_base = fields.Function(lambda x: format(x.line.qty_base, "f"))
    qty_returned = fields.Function(lambda x: format(x.line.qty_returned, "f"))
    qty_invoiced = fields.Function(lambda x: format(x.line.qty_invoiced, "f"))
    left = Qty()


class ReceiptToInvoiceOut(OutputSchema):
    receipt_id = fields.Function(lambda x: x.receipt.id)
    number = fields.Function(lambda x: x.receipt.number)
    doc_date = fields.Function(lambda x: x.receipt.doc_date.isoformat())
    price_includes_vat = fields.Function(lambda x: x.receipt.price_includes_vat)
    lines = fields.List(fields.Nested(LineToInvoiceOut))
