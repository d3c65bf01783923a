from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Str
from erp.documents.base import DocState
from finance.receipts.models import PaymentMethod
from purchasing.invoices.schemas import ref

METHODS = validate.OneOf([m.value for m in PaymentMethod])


def positive_money(**kwargs):
    return Money(minimum=Decimal("0.01"), **kwargs)


class PaymentIn(InputSchema):
    supplier_id = ref(required=True)
    doc_date = fields.Date(allow_none=True)
    amount = Money(required=True, positive=True)
    method = fields.String(load_default=PaymentMethod.BANK_TRANSFER.value, validate=METHODS)
    reference = Str(100)
    bill_due_date = fields.Date(allow_none=True)
    note = Str(2000)


class PaymentUpdateIn(PaymentIn):
    supplier_id = ref()
    amount = Money(positive=True)
    method = fields.String(validate=METHODS)


class PaymentOut(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.Function(lambda d: d.state.value)
    version = fields.Integer()
    supplier_id = fields.Integer()
    supplier_name = fields.Function(lambda d: d.supplier.name if d.supplier else None)
    amount = Money()
    method = fields.Function(lambda d: d.method.value)
    reference = fields.String()
    bill_due_date = fields.Date()
    applied = Money()
    unapplied = Money()
    note = fields.String()
    created_by_id = fields.Integer()
    created_at = fields.DateTime()
    approved_by_id = fields.Integer()
    approved_at = fields.DateTime()
    cancel_reason = fields.String()


class PaymentQuery(ListQuery):
    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
    supplier_id = ref()
    date_from = fields.Date()
    date_to = fields.Date()
    #: Only payments with money still to allocate (prepayments included).
    unapplied = fields.Boolean(load_default=False)


class PaymentAllocationLineIn(InputSchema):
    invoice_id = ref(required=True)
    amount = positive_money(required=True)


class PaymentAllocationIn(InputSchema):
    """``POST /payments/{id}/allocations``: all lines or none."""

    lines = fields.List(fields.Nested(PaymentAllocationLineIn), required=True, validate=validate.Length(min=1, max=500))
    alloc_date = fields.Date(allow_none=True)
    note = Str(300)


class MatchLineIn(InputSchema):
    payment_id = ref(required=True)
    invoice_id = ref(required=True)
    amount = positive_money(required=True)


class MatchConfirmIn(InputSchema):
    """``POST /payment-allocations``: confirm proposals (each checked again; all or none)."""

    lines = fields.List(fields.Nested(MatchLineIn), required=True, validate=validate.Length(min=1, max=2000))
    alloc_date = fields.Date(allow_none=True)
    note = Str(300)


class ReverseIn(InputSchema):
    reason = Str(300)
    reversal_date = fields.Date(allow_none=True)


class ProposalQuery(InputSchema):
    supplier_id = ref()


class ProposalOut(OutputSchema):
    payment_id = fields.Function(lambda p: p.payment.doc_id)
    payment_number = fields.Function(lambda p: p.payment.number)
    supplier_id = fields.Function(lambda p: p.payment.party_id)
    invoice_id = fields.Function(lambda p: p.charge.doc_id)
    invoice_number = fields.Function(lambda p: p.charge.number)
    invoice_open = fields.Function(lambda p: format(p.charge.amount_open, "f"))
    due_date = fields.Function(lambda p: p.charge.due_date.isoformat())
    amount = Money()
    reason = fields.String()


class AllocationOut(OutputSchema):
    id = fields.Integer()
    supplier_id = fields.Integer(attribute="party_id")
    payment_id = fields.Function(lambda a: a.payment_item.doc_id)
    payment_number = fields.Function(lambda a: a.payment_item.number)
    invoice_id = fields.Function(lambda a: a.charge_item.doc_id)
    invoice_number = fields.Function(lambda a: a.charge_item.number)
    amount = Money()
    alloc_date = fields.Date()
    method = fields.String()
    note = fields.String()
    reversed = fields.Boolean()
    reversal_date = fields.Date()
    reversal_reason = fields.String()


class OpenInvoiceItemOut(OutputSchema):
    """An open supplier invoice as a payment can take it."""

    invoice_id = fields.Integer(attribute="doc_id")
    number = fields.String()
    supplier_invoice_no = fields.String(attribute="reference")
    doc_date = fields.Date()
    due_date = fields.Date()
    amount = Money()
    amount_open = Money()
