from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, ListQuery, Money, OutputSchema, Str
from finance.ledger import schemas as ledger


class AllocationLineIn(InputSchema):
    invoice_id = fields.Integer(required=True)
    amount = Money(required=True, positive=True)


class AllocateIn(InputSchema):
    """``POST /receipts/{id}/allocations``: by hand, or a confirmed proposal."""

    lines = fields.List(fields.Nested(AllocationLineIn), required=True, validate=validate.Length(min=1, max=500))
    alloc_date = fields.Date(allow_none=True)
    note = Str(300)


class MatchLineIn(InputSchema):
    receipt_id = fields.Integer(required=True)
    invoice_id = fields.Integer(required=True)
    amount = Money(required=True, positive=True)


class ConfirmMatchesIn(InputSchema):
    """``POST /allocations``: confirm proposals of automatic matching (all or none)."""

    lines = fields.List(fields.Nested(MatchLineIn), required=True, validate=validate.Length(min=1, max=20000))
    alloc_date = fields.Date(allow_none=True)
    note = Str(300)


class WriteOffIn(ledger.WriteOffIn):
    invoice_id = fields.Integer(allow_none=True)
    receipt_id = fields.Integer(allow_none=True)


class AllocationOut(ledger.AllocationOut):
    customer_id = fields.Integer(attribute="party_id")
    receipt_id = fields.Function(lambda a: a.payment_item.doc_id)
    receipt_number = fields.Function(lambda a: a.payment_item.number)
    created_by_id = fields.Integer()
    created_at = fields.DateTime()


class ProposalOut(OutputSchema):
    receipt_id = fields.Function(lambda p: p.payment.doc_id)
    receipt_number = fields.Function(lambda p: p.payment.number)
    customer_id = fields.Function(lambda p: p.payment.party_id)
    invoice_id = fields.Function(lambda p: p.charge.doc_id)
    invoice_number = fields.Function(lambda p: p.charge.number)
    invoice_due_date = fields.Function(lambda p: p.charge.due_date.isoformat())
    invoice_open = Money(attribute="charge.amount_open")
    amount = Money()
    reason = fields.String()


class ProposalQuery(InputSchema):
    customer_id = fields.Integer()


class AllocationQuery(ListQuery):
    customer_id = fields.Integer()
    receipt_id = fields.Integer()
    invoice_id = fields.Integer()
    include_reversed = fields.Boolean(load_default=True)


class WriteOffOut(ledger.WriteOffOut):
    customer_id = fields.Integer(attribute="party_id")
