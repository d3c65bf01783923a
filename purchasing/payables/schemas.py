from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Qty, Str
from finance.ledger import schemas as ledger
from finance.ledger.schemas import FORMATS, StatementPdfQuery, StatementQuery
from purchasing.invoices.schemas import ref


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


class SupplierStatementQuery(StatementQuery):
    supplier_id = ref(required=True)


class SupplierStatementPdfQuery(StatementPdfQuery):
    supplier_id = ref(required=True)


class SupplierPsiQuery(InputSchema):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    supplier_id = ref()
    warehouse_id = ref()
    category_id = ref()
    q = Str(100)
    format = fields.String(load_default="json", validate=FORMATS)


class PayablesAgingRowOut(ledger.AgingRowOut):
    supplier_id = fields.Integer()


class PayablesAgingOut(ledger.AgingOut):
    rows = fields.List(fields.Nested(PayablesAgingRowOut))
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


class StatementAllocationOut(ledger.StatementAllocationOut):
    payment = fields.String()


class SupplierStatementOut(ledger.StatementOut):
    supplier_id = fields.Function(lambda s: s.supplier.id)
    supplier = fields.Function(lambda s: s.supplier.name)
    paid = Money()
    total_debit = Money()
    total_credit = Money()
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
