"""Counts from a file (CSV or XLSX): all rows or none, with a report per row.

Columns (Chinese or English headers; others, such as the product name on a printed
count sheet, are ignored): ``商品编码``/``sku`` or ``条码``/``barcode``, ``批次号``/
``batch_no`` (batch-tracked products), ``实盘数量``/``qty``, optionally ``单位``/``unit``
(a unit code or name; a case barcode counts cases). A row sets the count of its product
and batch; several rows of the same product and batch add up (goods on two shelves).
The count sheet export (:func:`inventory.stocktakes.exports.count_sheet`) is such a file.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.errors import N_, ValidationFailed
from erp.imports.files import Table, read_table
from erp.imports.spec import normalize_header
from erp.products.models import Product
from inventory.stock.lines import LineErrors
from inventory.stock.models import batch_key
from inventory.stocktakes.counting import ADD, SET, apply_entries, load_open_stocktake, read_entry

HEADERS = {
    "sku": ("sku", "商品编码", "编码", "存货编码"),
    "barcode": ("barcode", "code", "条码", "条形码"),
    "batch_no": ("batch_no", "batch", "批次号", "批次", "批号"),
    "qty": ("qty", "quantity", "counted", "counted_quantity", "实盘数量", "盘点数量", "数量"),
    "unit": ("unit", "单位"),
}
ENTRY_FIELDS = {"product_id": "sku", "code": "barcode", "batch_id": "batch_no", "batch_no": "batch_no",
                "qty": "qty", "unit_id": "unit", "line_id": "sku"}


@dataclass
class RowResult:
    row: int
    sku: str
    batch_no: str | None
    qty_base: Decimal
    counted_qty: Decimal


def _columns(table: Table) -> dict[str, int]:
    known = {normalize_header(alias): key for key, aliases in HEADERS.items() for alias in aliases}
    positions: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        key = known.get(normalize_header(header or ""))
        if key and key not in positions:
            positions[key] = index
    missing = [] if "qty" in positions else ["qty"]
    if "sku" not in positions and "barcode" not in positions:
        missing.append("sku")
    if missing:
        raise ValidationFailed(N_("The file needs the columns 商品编码 (or 条码) and 实盘数量."),
                               fields={"file": [N_("The file needs the columns 商品编码 (or 条码) and 实盘数量.")]})
    return positions


def _item(session: Session, cells: list, positions: dict[str, int], problems: dict) -> dict:
    def cell(key):
        index = positions.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    item: dict = {}
    sku, barcode = cell("sku"), cell("barcode")
    if sku:
        product = session.scalar(select(Product).where(func.lower(Product.sku) == sku.lower()))
        if product is None:
            problems.setdefault("sku", []).append(N_("Unknown product."))
        else:
            item["product_id"] = product.id
    elif barcode:
        item["code"] = barcode
    else:
        problems.setdefault("sku", []).append(N_("Required."))
    if cell("batch_no"):
        item["batch_no"] = cell("batch_no")
    text = cell("qty")
    try:
        item["qty"] = Decimal(text.replace(",", "")) if text else None
    except InvalidOperation:
        problems.setdefault("qty", []).append(N_("Not a valid number."))
    if cell("unit") and "product_id" in item:
        product = session.get(Product, item["product_id"])
        wanted = cell("unit").lower()
        units = [product.base_unit] + [p.unit for p in product.packings]
        unit = next((u for u in units if wanted in (u.code.lower(), u.name.lower())), None)
        if unit is None:
            problems.setdefault("unit", []).append(N_("This unit does not convert to the product's base unit."))
        else:
            item["unit_id"] = unit.id
    return item


def import_counts(session: Session, actor: User, doc_id: int, content: bytes) -> list[RowResult]:
    """Read a CSV/XLSX file of counts and enter them all, or nothing: ``ValidationFailed``
    with ``fields={"rows": {row number: {column: [message]}}}`` (row 1 is the header)."""
    doc = load_open_stocktake(session, actor, doc_id)
    table = read_table(content)
    positions = _columns(table)
    errors = LineErrors()
    entries, numbers = [], []
    seen: set[tuple[int, int]] = set()
    for number, cells in table.rows:
        problems: dict[str, list[str]] = {}
        item = _item(session, cells, positions, problems)
        for column, messages in problems.items():
            for message in messages:
                errors.add(number, column, message)
        if problems:
            continue
        row_errors = LineErrors()
        entry = read_entry(session, doc, item, number, row_errors)
        for field_name, messages in row_errors.by_index.get(number, {}).items():
            for message in messages:
                errors.add(number, ENTRY_FIELDS.get(field_name, field_name), message)
        if entry is None:
            continue
        key = (entry.product.id, batch_key(entry.batch.id if entry.batch else None))
        entry.mode = ADD if key in seen else SET
        seen.add(key)
        entries.append(entry)
        numbers.append(number)
    if errors:
        raise ValidationFailed(N_("%(count)s rows of the file are not valid; nothing was counted."),
                               count=len(errors.by_index), fields={"rows": errors.by_index})
    if not entries:
        raise ValidationFailed(N_("The file has no counts."), fields={"file": [N_("The file has no counts.")]})
    lines = apply_entries(session, actor, doc, entries)
    return [RowResult(number, line.product.sku, line.batch.batch_no if line.batch else None, entry.qty_base,
                      line.counted_qty) for number, entry, line in zip(numbers, entries, lines, strict=True)]
