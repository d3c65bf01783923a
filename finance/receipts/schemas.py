from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import Money
from finance.ledger.schemas import (
    METHODS,
    PaymentDocumentIn,
    PaymentDocumentOut,
    PaymentDocumentQuery,
)


class ReceiptIn(PaymentDocumentIn):
    customer_id = fields.Integer(required=True)


class ReceiptUpdateIn(ReceiptIn):
    customer_id = fields.Integer()
    amount = Money(positive=True)
    method = fields.String(validate=METHODS)


class ReceiptOut(PaymentDocumentOut):
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda d: d.customer.name if d.customer else None)
    counter_sale_id = fields.Integer()


class ReceiptQuery(PaymentDocumentQuery):
    customer_id = fields.Integer()
