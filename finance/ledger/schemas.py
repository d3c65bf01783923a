"""Schema bases both sides of the ledger share: statements, the aging, receipts and
payments, allocations. Each side adds what it names its own way (``customer_id`` or
``supplier_id``, ``receipt`` or ``payment``)."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Str
from erp.documents.base import DocState
from finance.ledger.payment_documents import PaymentMethod

FORMATS = validate.OneOf(["json", "xlsx", "csv"])
METHODS = validate.OneOf([m.value for m in PaymentMethod])


def positive_money(**kwargs):
    return Money(minimum=Decimal("0.01"), **kwargs)


class StatementQuery(InputSchema):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    format = fields.String(load_default="json", validate=FORMATS)


class StatementPdfQuery(InputSchema):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    lang = fields.String(validate=validate.OneOf(["zh", "en"]))


class StatementLineOut(OutputSchema):
    entry_date = fields.Date()
    entry_type = fields.Function(lambda line: line.entry_type.value)
    number = fields.String()
    debit = Money()
    credit = Money()
    balance = Money()


class StatementAllocationOut(OutputSchema):
    """An allocation of the period; the side names its payment (``receipt``, ``payment``)."""

    alloc_date = fields.Date()
    invoice = fields.String()
    amount = Money()
    reversed = fields.Boolean()
    reversal_date = fields.Date()


class StatementOut(OutputSchema):
    """A statement; the side adds its party, its money in or out and its allocations."""

    date_from = fields.Date()
    date_to = fields.Date()
    opening = Money()
    invoiced = Money()
    credited = Money()
    written_off = Money()
    closing = Money()
    lines = fields.List(fields.Nested(StatementLineOut))


class BucketOut(OutputSchema):
    key = fields.String()
    low = fields.Integer()
    high = fields.Integer()
    title = fields.Function(lambda b: b.title())


class AgingRowOut(OutputSchema):
    """One party of the aging; the side adds its id (and what else it shows)."""

    code = fields.String()
    name = fields.String()
    buckets = fields.Function(lambda r: [format(a, "f") for a in r.amounts])
    total = Money()
    overdue = Money()
    unapplied = Money()
    balance = Money()


class AgingOut(OutputSchema):
    """The aging; the side adds its rows."""

    as_of = fields.Date()
    buckets = fields.List(fields.Nested(BucketOut))
    totals = fields.Function(lambda r: [format(a, "f") for a in r.totals])
    total = Money()
    unapplied = Money()


class PaymentDocumentIn(InputSchema):
    """A receipt or payment; the side adds its party."""

    doc_date = fields.Date(allow_none=True)
    amount = Money(required=True, positive=True)
    method = fields.String(load_default=PaymentMethod.BANK_TRANSFER.value, validate=METHODS)
    reference = Str(100)
    bill_due_date = fields.Date(allow_none=True)
    note = Str(2000)


class PaymentDocumentOut(OutputSchema):
    """A receipt or payment; the side adds its party."""

    id = fields.Integer()
    number = fields.String()
    doc_date = fields.Date()
    state = fields.Function(lambda d: d.state.value)
    version = fields.Integer()
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


class PaymentDocumentQuery(ListQuery):
    """Receipts or payments; the side adds its party."""

    state = Str(12, validate=[validate.OneOf([s.value for s in DocState])])
    date_from = fields.Date()
    date_to = fields.Date()
    #: Only those with money still to allocate (prepayments included).
    unapplied = fields.Boolean(load_default=False)


class WriteOffIn(InputSchema):
    """A write-off; the side adds the ids of what it clears."""

    amount = Money(allow_none=True, positive=True)
    reason = Str(300, required=True)
    wo_date = fields.Date(allow_none=True)


class WriteOffOut(OutputSchema):
    """A write-off; the side adds its party (``customer_id`` / ``supplier_id``)."""

    id = fields.Integer()
    document = fields.Function(lambda w: w.item.number)
    doc_type = fields.Function(lambda w: w.item.doc_type)
    amount = Money()
    wo_date = fields.Date()
    reason = fields.String()
    created_by_id = fields.Integer()
    reversed = fields.Boolean()
    reversal_date = fields.Function(lambda w: w.reversal.reversal_date.isoformat() if w.reversal else None)
    reversal_reason = fields.Function(lambda w: w.reversal.reason if w.reversal else None)


class AllocationOut(OutputSchema):
    """An allocation; the side adds its party and its payment document."""

    id = fields.Integer()
    invoice_id = fields.Function(lambda a: a.charge_item.doc_id)
    invoice_number = fields.Function(lambda a: a.charge_item.number)
    amount = Money()
    alloc_date = fields.Date()
    method = fields.String()
    note = fields.String()
    reversed = fields.Boolean()
    reversal_date = fields.Date()
    reversal_reason = fields.String()


class ReverseIn(InputSchema):
    reason = Str(300)
    reversal_date = fields.Date(allow_none=True)
