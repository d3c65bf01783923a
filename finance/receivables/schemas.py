from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Str

FORMATS = validate.OneOf(["json", "xlsx", "csv"])


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


class StatementQuery(InputSchema):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "xlsx", "csv"]))


class StatementPdfQuery(InputSchema):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    lang = fields.String(validate=validate.OneOf(["zh", "en"]))


class BucketOut(OutputSchema):
    key = fields.String()
    low = fields.Integer()
    high = fields.Integer()
    title = fields.Function(lambda b: b.title())


class AgingRowOut(OutputSchema):
    customer_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    salesperson = fields.String()
    buckets = fields.Function(lambda r: [format(a, "f") for a in r.amounts])
    total = Money()
    overdue = Money()
    unapplied = Money()
    balance = Money()


class AgingOut(OutputSchema):
    as_of = fields.Date()
    buckets = fields.List(fields.Nested(BucketOut))
    rows = fields.List(fields.Nested(AgingRowOut))
    totals = fields.Function(lambda r: [format(a, "f") for a in r.totals])
    total = Money()
    unapplied = Money()


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


class StatementLineOut(OutputSchema):
    entry_date = fields.Date()
    entry_type = fields.Function(lambda line: line.entry_type.value)
    number = fields.String()
    debit = Money()
    credit = Money()
    balance = Money()


class StatementAllocationOut(OutputSchema):
    alloc_date = fields.Date()
    receipt = fields.String()
    invoice = fields.String()
    amount = Money()
    reversed = fields.Boolean()
    reversal_date = fields.Date()


class StatementOut(OutputSchema):
    customer_id = fields.Function(lambda s: s.customer.id)
    customer = fields.Function(lambda s: s.customer.name)
    date_from = fields.Date()
    date_to = fields.Date()
    opening = Money()
    invoiced = Money()
    credited = Money()
    received = Money()
    written_off = Money()
    closing = Money()
    lines = fields.List(fields.Nested(StatementLineOut))
    allocations = fields.List(fields.Nested(StatementAllocationOut))
