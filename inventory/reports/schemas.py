"""Query and output schemas of the inventory reports (``/api/v1/reports/…``)."""
from __future__ import annotations

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Price, Qty, Str


class ExportQuery(InputSchema):
    format = Str(4, load_default="xlsx", validate=[validate.OneOf(["csv", "xlsx"])])


class ReportQuery(InputSchema):
    """``format``: ``json`` (default) or a download, ``csv`` / ``xlsx``."""

    format = Str(4, load_default="json", validate=[validate.OneOf(["json", "csv", "xlsx"])])


class ProductScopeQuery(ReportQuery):
    warehouse_id = fields.Integer(allow_none=True)
    category_id = fields.Integer(allow_none=True)
    q = Str(100)


class BalanceReportQuery(ProductScopeQuery):
    by = Str(10, load_default="batch", validate=[validate.OneOf(["batch", "product", "warehouse"])])


class LedgerReportQuery(ReportQuery):
    product_id = fields.Integer(required=True)
    warehouse_id = fields.Integer(allow_none=True)
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class PsiReportQuery(ProductScopeQuery):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    by_warehouse = fields.Boolean(load_default=False)


class ExpiryReportQuery(ProductScopeQuery):
    within_days = fields.Integer(load_default=30, validate=validate.Range(min=0, max=3650))
    include_expired = fields.Boolean(load_default=True)


class BalanceRowOut(OutputSchema):
    warehouse_id = fields.Function(lambda r: r.warehouse.id if r.warehouse else None)
    warehouse = fields.String(attribute="warehouse_name")
    product_id = fields.Function(lambda r: r.product.id if r.product else None)
    sku = fields.String()
    product_name = fields.String()
    unit = fields.String()
    batch_id = fields.Function(lambda r: r.batch.id if r.batch else None)
    batch_no = fields.String()
    expiry_date = fields.Date()
    products = fields.Integer()
    on_hand = Qty()
    reserved = Qty()
    available = Qty()
    unit_cost = Price()
    value = Money()


class BalanceReportOut(OutputSchema):
    by = fields.String()
    rows = fields.List(fields.Nested(BalanceRowOut))
    total_value = Money()


class LedgerLineOut(OutputSchema):
    move_id = fields.Function(lambda line: line.move.id)
    posting_date = fields.Function(lambda line: line.move.posting_date.isoformat())
    document = fields.String()
    source_type = fields.Function(lambda line: line.move.source_type)
    source_id = fields.Function(lambda line: line.move.source_id)
    warehouse_id = fields.Function(lambda line: line.move.warehouse_id)
    batch_no = fields.Function(lambda line: line.move.batch.batch_no if line.move.batch else None)
    direction = fields.Function(lambda line: "in" if line.inbound else "out")
    qty = Qty(attribute="move.qty")
    unit_cost = Price(attribute="move.unit_cost")
    value = Money(attribute="move.value")
    balance_qty = Qty()
    balance_value = Money()


class LedgerReportOut(OutputSchema):
    product_id = fields.Function(lambda ledger: ledger.product.id)
    sku = fields.Function(lambda ledger: ledger.product.sku)
    date_from = fields.Date()
    date_to = fields.Date()
    opening_qty = Qty()
    opening_value = Money()
    in_qty = Qty()
    in_value = Money()
    out_qty = Qty()
    out_value = Money()
    closing_qty = Qty()
    closing_value = Money()
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    lines = fields.List(fields.Nested(LedgerLineOut))


class PsiRowOut(OutputSchema):
    product_id = fields.Function(lambda r: r.product.id)
    sku = fields.String()
    product_name = fields.String()
    unit = fields.String()
    warehouse_id = fields.Function(lambda r: r.warehouse.id if r.warehouse else None)
    warehouse = fields.String(attribute="warehouse_name")
    opening_qty = Qty()
    opening_value = Money()
    in_qty = Qty()
    in_value = Money()
    purchase_in_qty = Qty()
    purchase_in_value = Money()
    out_qty = Qty()
    out_value = Money()
    sales_out_qty = Qty()
    sales_out_value = Money()
    closing_qty = Qty()
    closing_value = Money()


class PsiReportOut(OutputSchema):
    date_from = fields.Date()
    date_to = fields.Date()
    rows = fields.List(fields.Nested(PsiRowOut))
    totals = fields.Dict(keys=fields.String(), values=Money())


class ExpiryRowOut(BalanceRowOut):
    days_left = fields.Integer()
    status = fields.String()


class ExpiryReportOut(OutputSchema):
    within_days = fields.Integer()
    rows = fields.List(fields.Nested(ExpiryRowOut))
    total_value = Money()


class ReorderRowOut(OutputSchema):
    product_id = fields.Function(lambda r: r.product.id)
    sku = fields.String()
    product_name = fields.String()
    unit = fields.String()
    on_hand = Qty()
    reserved = Qty()
    available = Qty()
    on_order = Qty()
    reorder_point = Qty()
    max_stock = Qty()
    suggested = Qty()
    suggested_cases = Qty()
    case_unit = fields.String()
    supplier = fields.String()


class ReorderReportOut(OutputSchema):
    rows = fields.List(fields.Nested(ReorderRowOut))
