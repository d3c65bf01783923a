from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Str
from finance.ledger import schemas as ledger
from finance.ledger.schemas import (
    METHODS,
    PaymentDocumentIn,
    PaymentDocumentOut,
    PaymentDocumentQuery,
    positive_money,
)
from purchasing.invoices.schemas import ref


class PaymentIn(PaymentDocumentIn):
    supplier_id = ref(required=True)


class PaymentUpdateIn(PaymentIn):
    supplier_id = ref()
    amount = Money(positive=True)
    method = fields.String(validate=METHODS)


class PaymentOut(PaymentDocumentOut):
    supplier_id = fields.Integer()
    supplier_name = fields.Function(lambda d: d.supplier.name if d.supplier else None)


class PaymentQuery(PaymentDocumentQuery):
    supplier_id = ref()


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


class AllocationOut(ledger.AllocationOut):
    supplier_id = fields.Integer(attribute="party_id")
    payment_id = fields.Function(lambda a: a.payment_item.doc_id)
    payment_number = fields.Function(lambda a: a.payment_item.number)


class OpenInvoiceItemOut(OutputSchema):
    """An open supplier invoice as a payment can take it."""

    invoice_id = fields.Integer(attribute="doc_id")
    number = fields.String()
    supplier_invoice_no = fields.String(attribute="reference")
    doc_date = fields.Date()
    due_date = fields.Date()
    amount = Money()
    amount_open = Money()


class PayableWriteOffIn(ledger.WriteOffIn):
    invoice_id = fields.Integer(allow_none=True)
    payment_id = fields.Integer(allow_none=True)


class PayableWriteOffOut(ledger.WriteOffOut):
    supplier_id = fields.Integer(attribute="party_id")
