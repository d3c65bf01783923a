"""A stocktake as tables: the variance list (盘点差异表) and the count sheet (盘点表) to
fill in on paper or in a spreadsheet and upload again."""
from __future__ import annotations

from erp.errors import N_
from inventory.reports.export import Column, ReportTable
from inventory.stocktakes.variances import StocktakeSheet

VARIANCE_COLUMNS = [
    Column("line_no", N_("No."), "int"), Column("location", N_("Location")), Column("sku", N_("SKU")),
    Column("product_name", N_("Product")), Column("batch_no", N_("Batch")),
    Column("expiry_date", N_("Expiry date"), "date"), Column("unit", N_("Unit")),
    Column("book_qty", N_("Book at snapshot"), "qty"), Column("moved_since_snapshot", N_("Moved since"), "qty"),
    Column("book_qty_at_count", N_("Book when counted"), "qty"), Column("counted_qty", N_("Counted"), "qty"),
    Column("variance", N_("Variance"), "qty"), Column("unit_cost", N_("Unit cost"), "price"),
    Column("value", N_("Variance value"), "money"),
]

#: The headers read back by :mod:`inventory.stocktakes.uploads` (商品编码, 批次号, 实盘数量).
SHEET_COLUMNS = [
    Column("location", N_("Location")), Column("sku", N_("SKU")), Column("product_name", N_("Product")),
    Column("spec", N_("Specification")), Column("batch_no", N_("Batch")),
    Column("expiry_date", N_("Expiry date"), "date"), Column("unit", N_("Unit")),
    Column("qty", N_("Counted quantity"), "qty"),
]


def _base(line) -> dict:
    batch = line.batch
    return {"line_no": line.line_no, "location": line.location, "sku": line.product.sku,
            "product_name": line.product.name, "spec": line.product.spec, "unit": line.product.base_unit.name,
            "batch_no": batch.batch_no if batch else None, "expiry_date": batch.expiry_date if batch else None}


def variance_table(sheet: StocktakeSheet, *, only_differences: bool = False) -> ReportTable:
    rows = []
    for v in sheet.lines:
        if only_differences and not v.variance:
            continue
        rows.append({**_base(v.line), "book_qty": v.book_qty, "moved_since_snapshot": v.moved_since_snapshot,
                     "book_qty_at_count": v.book_qty_at_count, "counted_qty": v.counted_qty,
                     "variance": v.variance, "unit_cost": v.unit_cost, "value": v.value})
    return ReportTable(f"stocktake-{sheet.doc.label.lstrip('#')}", N_("Stocktake variances"), VARIANCE_COLUMNS,
                       rows, {"value": sheet.net_value})


def count_sheet(sheet: StocktakeSheet) -> ReportTable:
    """The lines in walking order with the counts entered so far (blank: not counted)."""
    rows = [{**_base(v.line), "qty": v.counted_qty} for v in sheet.lines]
    return ReportTable(f"count-sheet-{sheet.doc.label.lstrip('#')}", N_("Count sheet"), SHEET_COLUMNS, rows)
