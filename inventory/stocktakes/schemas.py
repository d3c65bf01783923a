from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate

from erp.api.schemas import InputSchema, Money, OutputSchema, Price, Qty, Str
from inventory.reports.schemas import ExportQuery
from inventory.schemas import DocumentOut
from inventory.stock.schemas import batch_attr


class StocktakeIn(InputSchema):
    warehouse_id = fields.Integer(required=True)
    category_id = fields.Integer(allow_none=True)
    location_from = Str(30)
    location_to = Str(30)
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)


class StocktakeUpdateIn(InputSchema):
    doc_date = fields.Date(allow_none=True)
    note = Str(2000)


class CountEntryIn(InputSchema):
    """One count: a line, a product (+ batch) or a scanned code; ``qty`` in ``unit_id``."""

    line_id = fields.Integer(allow_none=True)
    product_id = fields.Integer(allow_none=True)
    code = Str(40)
    batch_id = fields.Integer(allow_none=True)
    batch_no = Str(40)
    unit_id = fields.Integer(allow_none=True)
    qty = Qty(required=True, minimum=0)
    mode = Str(3, validate=[validate.OneOf(["set", "add"])])


class CountsIn(InputSchema):
    entries = fields.List(fields.Nested(CountEntryIn), required=True, validate=validate.Length(min=1, max=5000))


class ScanIn(InputSchema):
    code = Str(40, required=True)
    #: In the unit the code stands for (a case barcode: cases).
    qty = Qty(load_default=Decimal(1), minimum=0)
    batch_id = fields.Integer(allow_none=True)


class LookupQuery(InputSchema):
    code = Str(40, required=True)


class CountRemainingIn(InputSchema):
    #: ``book``: what nobody counted is as booked; ``zero``: it was not found.
    as_ = fields.String(data_key="as", required=True, validate=validate.OneOf(["book", "zero"]))


class StocktakeLineOut(OutputSchema):
    id = fields.Integer()
    line_no = fields.Integer()
    product_id = fields.Integer()
    sku = fields.Function(lambda line: line.product.sku)
    product_name = fields.Function(lambda line: line.product.name)
    base_unit = fields.Function(lambda line: line.product.base_unit.name)
    location = fields.String()
    batch_id = fields.Integer()
    batch_no = fields.Function(batch_attr("batch_no"))
    expiry_date = fields.Function(batch_attr("expiry_date"))
    book_qty = Qty()
    moved_since_snapshot = Qty()
    book_qty_at_count = Qty()
    counted_qty = Qty()
    variance = Qty()
    unit_cost = Price()
    value = Money()
    counted_at = fields.DateTime()
    counted_by_id = fields.Integer()


class CountedLineOut(StocktakeLineOut):
    """A line just counted, with how far the whole count is (for the scanner screen)."""

    lines_left = fields.Function(lambda line: line.document.uncounted)
    lines_total = fields.Function(lambda line: len(line.document.lines))


class StocktakeBriefOut(DocumentOut):
    warehouse_id = fields.Integer()
    category_id = fields.Integer()
    location_from = fields.String()
    location_to = fields.String()
    snapshot_at = fields.DateTime()
    uncounted = fields.Integer()


class StocktakeOut(StocktakeBriefOut):
    counted_lines = fields.Integer()
    variance_lines = fields.Integer()
    gain_value = Money()
    loss_value = Money()
    net_value = Money()
    lines = fields.List(fields.Nested(StocktakeLineOut))



class StocktakeExportQuery(ExportQuery):
    #: The count sheet (to fill in and upload) instead of the variance list.
    sheet = fields.Boolean(load_default=False)


class UnitBriefOut(OutputSchema):
    id = fields.Integer()
    name = fields.String()


class ProductBriefOut(OutputSchema):
    id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    spec = fields.String()
    location = fields.String()
    batch_tracked = fields.Boolean()
    base_unit = fields.Nested(UnitBriefOut)


class BatchBriefOut(OutputSchema):
    id = fields.Integer()
    batch_no = fields.String()
    expiry_date = fields.Date()


class CountLookupOut(OutputSchema):
    product = fields.Nested(ProductBriefOut)
    unit = fields.Nested(UnitBriefOut)
    factor = Qty()
    in_scope = fields.Boolean()
    lines = fields.List(fields.Nested(StocktakeLineOut))
    other_batches = fields.List(fields.Nested(BatchBriefOut))


class ImportRowOut(OutputSchema):
    row = fields.Integer()
    sku = fields.String()
    batch_no = fields.String()
    qty_base = Qty()
    counted_qty = Qty()


class ImportReportOut(OutputSchema):
    rows = fields.List(fields.Nested(ImportRowOut))


class CountRemainingOut(OutputSchema):
    filled = fields.Integer()
