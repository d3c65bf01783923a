from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Price, Qty, Str
from finance.counter.services import COUNTER_METHODS

METHODS = validate.OneOf([m.value for m in COUNTER_METHODS])


class BasketLineIn(InputSchema):
    """A scanned ``code`` (piece or case barcode, SKU), or ``product_id`` (+ ``unit_id``)."""

    code = Str(40)
    product_id = fields.Integer(allow_none=True)
    unit_id = fields.Integer(allow_none=True)
    qty = Qty(required=True, positive=True)

    @validates_schema
    def _named(self, data, **_kwargs):
        if not data.get("code") and not data.get("product_id"):
            raise ValidationError("Scan a barcode or name the product.", "code")


class PaymentIn(InputSchema):
    method = fields.String(required=True, validate=METHODS)
    amount = Money(required=True, positive=True)


class BasketIn(InputSchema):
    member_card_no = Str(30)
    customer_id = fields.Integer(allow_none=True)
    lines = fields.List(fields.Nested(BasketLineIn), required=True, validate=validate.Length(min=1, max=300))


class CounterSaleIn(BasketIn):
    payments = fields.List(fields.Nested(PaymentIn), required=True, validate=validate.Length(min=1, max=6))
    warehouse_id = fields.Integer(allow_none=True)
    note = Str(300)


class MemberQuery(InputSchema):
    card = Str(30, required=True)


class MemberOut(OutputSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    member_card_no = fields.String()
    phone = fields.String()
    category = fields.Function(lambda c: c.category.name if c.category else None)


class PricedLineOut(OutputSchema):
    product_id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    unit_id = fields.Integer()
    unit = fields.String()
    qty = Qty()
    unit_price = Price()
    amount = Money()


class BasketOut(OutputSchema):
    lines = fields.List(fields.Nested(PricedLineOut))
    total = Money()


class CounterReceiptOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    method = fields.Function(lambda r: r.method.value)
    amount = Money()


class CounterSaleOut(OutputSchema):
    id = fields.Integer()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda s: s.customer.name)
    warehouse_id = fields.Integer()
    order_id = fields.Integer()
    delivery_note_id = fields.Integer()
    outbound_id = fields.Integer()
    invoice_id = fields.Integer()
    invoice_number = fields.Function(lambda s: s.invoice.number)
    amount_open = Money(attribute="invoice.amount_open")
    total = Money()
    cash_given = Money()
    change = Money(attribute="change_given")
    receipts = fields.List(fields.Nested(CounterReceiptOut))
    created_by_id = fields.Integer()
    created_at = fields.DateTime()


class CounterSaleQuery(ListQuery):
    customer_id = fields.Integer()
