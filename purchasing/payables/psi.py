"""Supplier purchase-sales-inventory report (供应商进销存): per supplier and product over a
period, what was bought (received on approved goods receipts), returned (approved
purchase returns), sold and left in stock at the period's end. Quantities in the
product's base unit; bought and returned also as gross purchase amounts (价税合计).

Bought and returned belong to the documents' supplier. Sales and stock carry no
supplier of their own; **the rule**: a move or balance in a batch that records its
supplier (batches made by a goods receipt do) belongs to that supplier; anything else —
products without batches, batches entered without a supplier (opening stock) — belongs
to the product's preferred supplier; with neither it is left out. So for batch-tracked
goods the report follows the very lots each supplier delivered; for other goods it
tells what the supplier's products sold, whoever delivered a given piece.

Sold = issued on outbounds less sales returns (the stock ledger's ``outbound`` and
``sales_return`` moves, reversals counted), as inventory's 进销存 counts its "of which
sales". In stock = Σ moves up to the last day of the period (current balances less the
moves dated after it), in the warehouses the user sees.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.documents.base import DocState
from erp.errors import N_, ValidationFailed
from erp.products.models import Product
from erp.products.rows import ProductColumns
from erp.suppliers.models import Supplier
from inventory.batches.models import Batch
from inventory.reports.balances import product_filter, warehouse_scope
from inventory.reports.export import Column, ReportTable
from inventory.reports.flows import SALES_SOURCES
from inventory.stock.models import StockBalance, StockMove
from purchasing.permissions import REPORT_SUPPLIER_PSI
from purchasing.receipts.models import GoodsReceipt, GoodsReceiptLine
from purchasing.returns.models import PurchaseReturn, PurchaseReturnLine

Q0 = Decimal("0.0000")
M0 = Decimal("0.00")
POSTED = (DocState.APPROVED, DocState.CLOSED)


@dataclass
class SupplierPsiRow(ProductColumns):
    supplier: Supplier
    product: Product
    bought: Decimal = Q0
    bought_amount: Decimal = M0
    returned: Decimal = Q0
    returned_amount: Decimal = M0
    sold: Decimal = Q0
    in_stock: Decimal = Q0

    @property
    def supplier_code(self) -> str:
        return self.supplier.code

    @property
    def supplier_name(self) -> str:
        return self.supplier.name

    @property
    def net_bought(self) -> Decimal:
        return self.bought - self.returned

    @property
    def net_amount(self) -> Decimal:
        return self.bought_amount - self.returned_amount

    @property
    def empty(self) -> bool:
        return not (self.bought or self.returned or self.sold or self.in_stock or self.bought_amount
                    or self.returned_amount)


def _documents(session: Session, header, line_cls, date_from: dt.date, date_to: dt.date, warehouses,
               supplier_id: int | None, filters: dict) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """Σ base quantity and gross per (supplier, product) of approved documents in the period."""
    stmt = (select(header.supplier_id, line_cls.product_id, func.sum(line_cls.qty_base),
                   func.sum(line_cls.amount_gross))
            .join(header, header.id == line_cls.document_id)
            .where(header.state.in_(POSTED), header.doc_date >= date_from, header.doc_date <= date_to)
            .group_by(header.supplier_id, line_cls.product_id))
    if warehouses is not None:
        stmt = stmt.where(header.warehouse_id.in_(warehouses))
    if supplier_id is not None:
        stmt = stmt.where(header.supplier_id == supplier_id)
    if any(filters.values()):
        stmt = product_filter(session, stmt.join(Product, Product.id == line_cls.product_id), **filters)
    return {(s, p): (qty or Q0, amount or M0) for s, p, qty, amount in session.execute(stmt)}


def _by_batch(session: Session, stmt, warehouses, filters: dict, product_column, warehouse_column
              ) -> dict[tuple[int, int | None], Decimal]:
    if warehouses is not None:
        stmt = stmt.where(warehouse_column.in_(warehouses))
    if any(filters.values()):
        stmt = product_filter(session, stmt.join(Product, Product.id == product_column), **filters)
    return {(p, b): qty or Q0 for p, b, qty in session.execute(stmt)}


def _attributed(session: Session, quantities: dict[tuple[int, int | None], Decimal]) -> dict[tuple[int, int], Decimal]:
    """(product, batch) quantities per (supplier, product) by the rule in the module docstring."""
    batch_ids = {b for _, b in quantities if b}
    batch_supplier = dict(session.execute(select(Batch.id, Batch.supplier_id).where(Batch.id.in_(batch_ids)))
                          .all()) if batch_ids else {}
    product_ids = {p for p, _ in quantities}
    preferred = dict(session.execute(select(Product.id, Product.preferred_supplier_id)
                                     .where(Product.id.in_(product_ids))).all()) if product_ids else {}
    out: dict[tuple[int, int], Decimal] = {}
    for (product_id, batch_id), qty in quantities.items():
        supplier_id = batch_supplier.get(batch_id) or preferred.get(product_id)
        if supplier_id is not None and qty:
            out[(supplier_id, product_id)] = out.get((supplier_id, product_id), Q0) + qty
    return out


def supplier_psi(session: Session, actor: User, *, date_from: dt.date, date_to: dt.date,
                 supplier_id: int | None = None, warehouse_id: int | None = None, category_id: int | None = None,
                 q: str | None = None) -> list[SupplierPsiRow]:
    """Rows per (supplier, product) with anything in the period or in stock at its end,
    by supplier code and SKU. Raises ``ValidationFailed`` (period), ``Forbidden``."""
    require(actor, REPORT_SUPPLIER_PSI)
    if date_to < date_from:
        raise ValidationFailed(N_("The end date is before the start date."),
                               fields={"date_to": [N_("Must not be before the first day.")]})
    warehouses = warehouse_scope(actor, warehouse_id)
    filters = {"category_id": category_id, "q": q}
    bought = _documents(session, GoodsReceipt, GoodsReceiptLine, date_from, date_to, warehouses, supplier_id, filters)
    returned = _documents(session, PurchaseReturn, PurchaseReturnLine, date_from, date_to, warehouses, supplier_id,
                          filters)
    sales = (select(StockMove.product_id, StockMove.batch_id, func.sum(StockMove.qty))
             .where(StockMove.source_type.in_(SALES_SOURCES), StockMove.posting_date >= date_from,
                    StockMove.posting_date <= date_to)
             .group_by(StockMove.product_id, StockMove.batch_id))
    issued = _by_batch(session, sales, warehouses, filters, StockMove.product_id, StockMove.warehouse_id)
    sold = _attributed(session, {key: -qty for key, qty in issued.items()})
    now = _by_batch(session, select(StockBalance.product_id, StockBalance.batch_id, func.sum(StockBalance.on_hand))
                    .group_by(StockBalance.product_id, StockBalance.batch_id),
                    warehouses, filters, StockBalance.product_id, StockBalance.warehouse_id)
    after = _by_batch(session, select(StockMove.product_id, StockMove.batch_id, func.sum(StockMove.qty))
                      .where(StockMove.posting_date > date_to).group_by(StockMove.product_id, StockMove.batch_id),
                      warehouses, filters, StockMove.product_id, StockMove.warehouse_id)
    for key, qty in after.items():
        now[key] = now.get(key, Q0) - qty
    in_stock = _attributed(session, now)
    keys = set(bought) | set(returned) | set(sold) | set(in_stock)
    if supplier_id is not None:
        keys = {key for key in keys if key[0] == supplier_id}
    suppliers = {s.id: s for s in session.scalars(select(Supplier).where(Supplier.id.in_({s for s, _ in keys})))} \
        if keys else {}
    products = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_({p for _, p in keys})))} \
        if keys else {}
    rows = []
    for key in keys:
        row = SupplierPsiRow(suppliers[key[0]], products[key[1]])
        row.bought, row.bought_amount = bought.get(key, (Q0, M0))
        row.returned, row.returned_amount = returned.get(key, (Q0, M0))
        row.sold, row.in_stock = sold.get(key, Q0), in_stock.get(key, Q0)
        if not row.empty:
            rows.append(row)
    return sorted(rows, key=lambda r: (r.supplier.code, r.product.sku))


def supplier_psi_table(rows: list[SupplierPsiRow], date_from: dt.date, date_to: dt.date) -> ReportTable:
    """The report's columns, declared once for the page and the CSV/XLSX downloads."""
    columns = [Column("supplier_code", N_("Supplier code")), Column("supplier_name", N_("Supplier")),
               Column("sku", N_("SKU")), Column("product_name", N_("Product")), Column("unit", N_("Unit")),
               Column("bought", N_("Bought"), "qty"), Column("bought_amount", N_("Bought amount"), "money"),
               Column("returned", N_("Returned"), "qty"), Column("returned_amount", N_("Returned amount"), "money"),
               Column("net_bought", N_("Net bought"), "qty"), Column("sold", N_("Sold"), "qty"),
               Column("in_stock", N_("In stock at the end"), "qty")]
    totals = {"bought_amount": sum((r.bought_amount for r in rows), M0),
              "returned_amount": sum((r.returned_amount for r in rows), M0)}
    return ReportTable(f"supplier-psi-{date_from:%Y%m%d}-{date_to:%Y%m%d}", N_("Supplier purchase-sales-inventory"),
                       columns, rows, totals)
