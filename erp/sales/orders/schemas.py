from __future__ import annotations

from decimal import Decimal

from marshmallow import fields

from erp.api.schemas import InputSchema, Money, OutputSchema, Price, Qty, Str
from erp.sales.orders.models import FULFILMENT_LABELS
from erp.sales.schemas import EnteredLineIn, OriginLineOut, SalesDocumentOut, TakenLineIn, lines_of
from inventory.reports.schemas import ReportQuery


class OrderHeaderIn(InputSchema):
    warehouse_id = fields.Integer(allow_none=True)
    doc_date = fields.Date(allow_none=True)
    delivery_date = fields.Date(allow_none=True)
    ship_to = Str(300)
    customer_po = Str(40)
    note = Str(2000)


class OrderIn(OrderHeaderIn):
    customer_id = fields.Integer(required=True)
    price_includes_vat = fields.Boolean(load_default=True)
    lines = lines_of(EnteredLineIn, required=True)


class OrderUpdateIn(OrderHeaderIn):
    customer_id = fields.Integer(allow_none=True)
    price_includes_vat = fields.Boolean(allow_none=True)
    lines = lines_of(EnteredLineIn)


class OrderFromQuoteIn(OrderHeaderIn):
    lines = lines_of(TakenLineIn)


class OrderLineOut(OriginLineOut):
    qty_delivered = Qty()
    qty_invoiced = Qty()
    qty_returned = Qty()


class OrderOut(SalesDocumentOut):
    warehouse_id = fields.Integer()
    quote_id = fields.Integer()
    delivery_date = fields.Date()
    ship_to = fields.String()
    customer_po = fields.String()
    fulfilment = fields.String()
    fulfilment_label = fields.Function(lambda d: FULFILMENT_LABELS.get(d.fulfilment) if d.fulfilment else None)
    lines = fields.List(fields.Nested(OrderLineOut))


class LineProgressOut(OutputSchema):
    line_id = fields.Function(lambda p: p.line.id)
    line_no = fields.Function(lambda p: p.line.line_no)
    sku = fields.Function(lambda p: p.line.product.sku)
    base_unit = fields.Function(lambda p: p.line.product.base_unit.name)
    ordered = Qty()
    delivered = Qty()
    shipped = Qty()
    invoiced = Qty()
    returned = Qty()
    to_deliver = Qty()


class CreditOut(OutputSchema):
    customer_id = fields.Integer()
    limit = Money()
    open_receivables = Money()
    open_orders = Money()
    exposure = Money()
    available = Money()
    overdue = fields.Function(lambda s: [{"number": n, "due_date": d.isoformat(), "amount_open": str(a)}
                                         for n, d, a in s.overdue])


class LinePriceQuery(InputSchema):
    customer_id = fields.Integer(allow_none=True)
    product_id = fields.Integer(required=True)
    unit_id = fields.Integer(allow_none=True)
    qty = Qty(load_default=Decimal(1), positive=True)
    warehouse_id = fields.Integer(allow_none=True)
    price_includes_vat = fields.Boolean(load_default=True)


class LinePriceOut(OutputSchema):
    product_id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    unit_id = fields.Integer()
    unit = fields.String()
    factor = Qty()
    qty_base = Qty()
    unit_price = Price()
    price_source = fields.String()
    min_price = Price()
    below_min = fields.Boolean()
    vat_rate = fields.String()
    available = Qty()
    units = fields.List(fields.Dict())


class BacklogQuery(ReportQuery):
    warehouse_id = fields.Integer(allow_none=True)
    customer_id = fields.Integer(allow_none=True)
    due_by = fields.Date(allow_none=True)
    q = Str(100)


class BacklogRowOut(OutputSchema):
    order_id = fields.Integer()
    order_number = fields.String()
    delivery_date = fields.Date()
    customer = fields.String()
    warehouse = fields.String()
    sku = fields.String()
    product_name = fields.String()
    unit = fields.String()
    ordered = Qty()
    delivered = Qty()
    to_deliver = Qty()
    available = Qty()
    short = Qty()


class BacklogOut(OutputSchema):
    rows = fields.List(fields.Nested(BacklogRowOut))
