from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Str
from finance.ledger import schemas as ledger
from finance.ledger.schemas import FORMATS, BucketOut, StatementPdfQuery, StatementQuery

__all__ = ["AgingOut", "AgingQuery", "AgingRowOut", "BucketOut", "OpenInvoiceOut", "OpenInvoicesQuery",
           "OverdueQuery", "StatementAllocationOut", "StatementOut", "StatementPdfQuery", "StatementQuery"]


class AgingQuery(InputSchema):
    as_of = fields.Date()
    salesperson_id = fields.Integer()
    customer_id = fields.Integer()
    overdue_only = fields.Boolean(load_default=False)
    format = fields.String(load_default="json", validate=FORMATS)


class OpenInvoicesQuery(InputSchema):
    as_of = fields.Date()
    salesperson_id = fields.Integer()
    customer_id = fields.Integer()
    bucket = Str(30)
    format = fields.String(load_default="json", validate=FORMATS)


class OverdueQuery(InputSchema):
    as_of = fields.Date()
    salesperson_id = fields.Integer()
    min_days = fields.Integer(load_default=1, validate=validate.Range(min=1, max=3650))
    format = fields.String(load_default="json", validate=FORMATS)


class AgingRowOut(ledger.AgingRowOut):
    customer_id = fields.Integer()
    salesperson = fields.String()


class AgingOut(ledger.AgingOut):
    rows = fields.List(fields.Nested(AgingRowOut))


class OpenInvoiceOut(OutputSchema):
    invoice_id = fields.Integer()
    number = fields.String()
    customer_id = fields.Integer()
    customer = fields.String()
    phone = fields.String()
    salesperson = fields.String()
    doc_date = fields.Date()
    due_date = fields.Date()
    days_overdue = fields.Integer()
    bucket = fields.String()
    open_amount = Money()


class StatementAllocationOut(ledger.StatementAllocationOut):
    receipt = fields.String(attribute="payment")


class StatementOut(ledger.StatementOut):
    customer_id = fields.Function(lambda s: s.customer.id)
    customer = fields.Function(lambda s: s.customer.name)
    received = Money()
    allocations = fields.List(fields.Nested(StatementAllocationOut))
