from __future__ import annotations

from marshmallow import fields

from erp.api.schemas import InputSchema, Money, OutputSchema, Str


class BankLineOut(OutputSchema):
    id = fields.Integer()
    row_no = fields.Integer()
    txn_date = fields.Date()
    amount = Money()
    payer_name = fields.String()
    payer_account = fields.String()
    reference = fields.String()
    serial = fields.String()
    status = fields.Function(lambda line: line.status.value)
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda line: line.customer.name if line.customer else None)
    receipt_id = fields.Integer()
    receipt_number = fields.Function(lambda line: line.receipt.number if line.receipt else None)


class BankStatementOut(OutputSchema):
    id = fields.Integer()
    account = fields.String()
    filename = fields.String()
    imported_at = fields.DateTime()
    imported_by_id = fields.Integer()
    line_count = fields.Integer()
    total = Money()
    skipped_outgoing = fields.Integer()
    unmatched = fields.Function(lambda s: sum(1 for line in s.lines if line.status.value == "unmatched"))
    lines = fields.List(fields.Nested(BankLineOut))


class BankStatementSummaryOut(BankStatementOut):
    class Meta:
        exclude = ("lines",)


class BankImportQuery(InputSchema):
    account = Str(80)


class LineMatchOut(OutputSchema):
    line_id = fields.Function(lambda m: m.line.id)
    row_no = fields.Function(lambda m: m.line.row_no)
    amount = Money(attribute="line.amount")
    receipt_id = fields.Function(lambda m: m.receipt.id)
    receipt_number = fields.Function(lambda m: m.receipt.number)
    customer_name = fields.Function(lambda m: m.receipt.customer.name)


class ReconcileIn(InputSchema):
    create_receipts = fields.Boolean(load_default=False)


class ReconcileOut(OutputSchema):
    matched = fields.Integer()
    created = fields.Integer()
    unmatched = fields.Integer()


class MatchLineIn(InputSchema):
    receipt_id = fields.Integer(required=True)


class LineReceiptIn(InputSchema):
    customer_id = fields.Integer(allow_none=True)

