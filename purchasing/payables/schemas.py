from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Qty, Str
from purchasing.invoices.schemas import ref

FORMATS = validate.OneOf(["json", "xlsx", "csv"])


class PayablesAgingQuery(InputSchema):
    as_of = fields.Date()
    supplier_id = ref()
    overdue_only = fields.Boolean(load_default=False)
    format = fields.String(load_default="json", validate=FORMATS)


class OpenSupplierInvoicesQuery(InputSchema):
    as_of = fields.Date()
    supplier_id = ref()
    bucket = Str(30)
    min_days_overdue = fields.Integer(validate=validate.Range(min=1, max=3650))
    format = fields.String(load_default="json", validate=FORMATS)


class SupplierStatementQuery(InputSchema):
    supplier_id = ref(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    format = fields.String(load_default="json", validate=FORMATS)


class SupplierStatementPdfQuery(InputSchema):
    supplier_id = ref(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    lang = fields.String(validate=validate.OneOf(["zh", "en"]))


class SupplierPsiQuery(InputSchema):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    supplier_id = ref()
    warehouse_id = ref()
    category_id = ref()
    q = Str(100)
    format = fields.String(load_default="json", validate=FORMATS)


class BucketOut(OutputSchema):
    key = fields.String()
    low = fields.Integer()
    high = fields.Integer()
    title = fields.Function(lambda b: b.title())


class PayablesAgingRowOut(OutputSchema):
    supplier_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    buckets = fields.Function(lambda r: [format(a, "f") for a in r.amounts])
    total = Money()
    overdue = Money()
    unapplied = Money()
    balance = Money()


class PayablesAgingOut(OutputSchema):
    as_of = fields.Date()
    buckets = fields.List(fields.Nested(BucketOut))
    rows = fields.List(fields.Nested(PayablesAgingRowOut))
    totals = fields.Function(lambda r: [format(a, "f") for a in r.totals])
    total = Money()
    unapplied = Money()
    balance = Money()


class OpenSupplierInvoiceOut(OutputSchema):
    invoice_id = fields.Integer()
    number = fields.String()
    supplier_invoice_no = fields.String()
    supplier_id = fields.Integer()
    supplier = fields.String()
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
    payment = fields.String()
    invoice = fields.String()
    amount = Money()
    reversed = fields.Boolean()
    reversal_date = fields.Date()


class SupplierStatementOut(OutputSchema):
    supplier_id = fields.Function(lambda s: s.supplier.id)
    supplier = fields.Function(lambda s: s.supplier.name)
    date_from = fields.Date()
    date_to = fields.Date()
    opening = Money()
    invoiced = Money()
    credited = Money()
    paid = Money()
    written_off = Money()
    total_debit = Money()
    total_credit = Money()
    closing = Money()
    lines = fields.List(fields.Nested(StatementLineOut))
    allocations = fields.List(fields.Nested(StatementAllocationOut))


class SupplierPsiRowOut(OutputSchema):
    supplier_id = fields.Function(lambda r: r.supplier.id)
    supplier_code = fields.String()
    supplier_name = fields.String()
    product_id = fields.Function(lambda r: r.product.id)
    sku = fields.String()
    product_name = fields.String()
    unit = fields.String()
    bought = Qty()
    bought_amount = Money()
    returned = Qty()
    returned_amount = Money()
    net_bought = Qty()
    sold = Qty()
    in_stock = Qty()
