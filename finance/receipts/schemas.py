from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Str
from erp.documents.base import DocState
from finance.receipts.models import PaymentMethod

METHODS = validate.OneOf([m.value for m in PaymentMethod])


class ReceiptIn(InputSchema):
    customer_id = fields.Integer(required=True)
    doc_date = fields.Date(allow_none=True)
    amount = Money(required=True, positive=True)
    method = fields.String(load_default=PaymentMethod.BANK_TRANSFER.value, validate=METHODS)
    reference = Str(100)
    bill_due_date = fields.Date(allow_none=True)
    note = Str(2000)


class ReceiptUpdateIn(ReceiptIn):
    customer_id = fields.Integer()
    amount = Money(positive=True)
    method = fields.String(validate=METHODS)


class ReceiptOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.Function(lambda d: d.state.value)
    version = fields.Integer()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda d: d.customer.name if d.customer else None)
    amount = Money()
    method = fields.Function(lambda d: d.method.value)
    reference = fields.String()
    bill_due_date = fields.Date()
    applied = Money()
    unapplied = Money()
    counter_sale_id = fields.Integer()
    note = fields.String()
    created_by_id = fields.Integer()
    created_at = fields.DateTime()
    approved_by_id = fields.Integer()
    approved_at = fields.DateTime()
    cancel_reason = fields.String()


class ReceiptQuery(ListQuery):
    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
    customer_id = fields.Integer()
    date_from = fields.Date()
    date_to = fields.Date()
    #: Only receipts with money still to allocate.
    unapplied = fields.Boolean(load_default=False)


def positive_money(**kwargs):
    return Money(minimum=Decimal("0.01"), **kwargs)
