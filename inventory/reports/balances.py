"""Stock balance report (库存余额表): per batch, per product or per warehouse, read from
the balance rows (quantities) and the moving-average cost rows (values).

Values are kept per product and warehouse (the moving average); a batch's share is
the value × its share of the quantity, to the fen, with the rounding remainder on the
largest batch — so the batches of a product add up exactly to its value, and every
level adds up to the ledger (Σ move values).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, visible_warehouse_ids
from erp.errors import N_
from erp.masterdata.categories import subtree_condition
from erp.money import round_fen
from erp.products.models import Product
from erp.products.rows import ProductColumns
from erp.products.services import PRODUCT_CATEGORIES
from erp.warehouses.models import Warehouse
from inventory.batches.models import Batch
from inventory.reports.export import Column, ReportTable
from inventory.stock.models import StockBalance, StockCost

ZERO_QTY = Decimal("0.0000")
ZERO_MONEY = Decimal("0.00")
LEVELS = ("batch", "product", "warehouse")


@dataclass
class BalanceRow(ProductColumns):
    product: Product | None
    warehouse: Warehouse | None
    batch: Batch | None = None
    on_hand: Decimal = ZERO_QTY
    reserved: Decimal = ZERO_QTY
    value: Decimal = ZERO_MONEY
    unit_cost: Decimal | None = None
    products: int = 0

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def warehouse_name(self):
        return str(self.warehouse) if self.warehouse else None

    @property
    def batch_no(self):
        return self.batch.batch_no if self.batch else None

    @property
    def expiry_date(self):
        return self.batch.expiry_date if self.batch else None


def share_values(rows: list[BalanceRow], total_value: Decimal) -> None:
    """Split the value of one product in one warehouse over its batch rows by quantity."""
    if not rows:
        return
    total_qty = sum((r.on_hand for r in rows), ZERO_QTY)
    largest = max(rows, key=lambda r: abs(r.on_hand))
    for row in rows:
        row.value = round_fen(total_value * row.on_hand / total_qty) if total_qty else ZERO_MONEY
    largest.value += total_value - sum((r.value for r in rows), ZERO_MONEY)


def product_filter(session: Session, stmt, *, category_id: int | None = None, q: str | None = None,
                   product_id: int | None = None):
    """Narrow a statement joined with ``Product`` by category (with sub-categories), text or id."""
    if product_id:
        stmt = stmt.where(Product.id == product_id)
    if category_id:
        stmt = stmt.where(subtree_condition(session, PRODUCT_CATEGORIES, category_id, Product.category_id))
    cond = search_filter([Product.sku, Product.name, Product.barcode], q)
    return stmt.where(cond) if cond is not None else stmt


def warehouse_scope(actor: User | None, warehouse_id: int | None) -> list[int] | None:
    """The warehouse ids a report covers: the one asked (``Forbidden`` if the actor may not
    see it), else all the actor sees (None: every warehouse)."""
    if warehouse_id:
        if actor is not None:
            check_warehouse_access(actor, warehouse_id)
        return [warehouse_id]
    allowed = visible_warehouse_ids(actor) if actor is not None else None
    return None if allowed is None else sorted(allowed)


def batch_balances(session: Session, actor: User | None, *, warehouse_id: int | None = None,
                   category_id: int | None = None, q: str | None = None,
                   product_id: int | None = None) -> list[BalanceRow]:
    """Every balance row in scope with its share of the value (rows of nothing at all left out)."""
    warehouses = warehouse_scope(actor, warehouse_id)
    stmt = (select(StockBalance, Product, Batch).join(Product, Product.id == StockBalance.product_id)
            .outerjoin(Batch, Batch.id == StockBalance.batch_id)
            .order_by(Product.sku, StockBalance.warehouse_id, Batch.expiry_date.is_(None), Batch.expiry_date,
                      StockBalance.batch_key))
    cost_stmt = select(StockCost).join(Product, Product.id == StockCost.product_id)
    stmt = product_filter(session, stmt, category_id=category_id, q=q, product_id=product_id)
    cost_stmt = product_filter(session, cost_stmt, category_id=category_id, q=q, product_id=product_id)
    if warehouses is not None:
        stmt = stmt.where(StockBalance.warehouse_id.in_(warehouses))
        cost_stmt = cost_stmt.where(StockCost.warehouse_id.in_(warehouses))
    grouped: dict[tuple[int, int], list[BalanceRow]] = defaultdict(list)
    for balance, product, batch in session.execute(stmt):
        grouped[(product.id, balance.warehouse_id)].append(
            BalanceRow(product, balance.warehouse, batch, balance.on_hand, balance.reserved))
    costs = {(c.product_id, c.warehouse_id): c for c in session.scalars(cost_stmt)}
    out = []
    for key, rows in grouped.items():
        cost = costs.get(key)
        share_values(rows, cost.value if cost else ZERO_MONEY)
        for row in rows:
            row.unit_cost = cost.unit_cost if cost else None
            if row.on_hand or row.reserved or row.value:
                out.append(row)
    return out


def stock_balance(session: Session, actor: User | None, *, by: str = "batch", warehouse_id: int | None = None,
                  category_id: int | None = None, q: str | None = None) -> list[BalanceRow]:
    """The balance report at the level ``by``: ``batch`` (product × warehouse × batch),
    ``product`` (summed over the warehouses in scope) or ``warehouse`` (value and number
    of products)."""
    rows = batch_balances(session, actor, warehouse_id=warehouse_id, category_id=category_id, q=q)
    if by == "batch":
        return rows
    merged: dict[int, BalanceRow] = {}
    products: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        key = row.product.id if by == "product" else row.warehouse.id
        total = merged.get(key)
        if total is None:
            total = merged[key] = BalanceRow(row.product if by == "product" else None,
                                             row.warehouse if by == "warehouse" else None)
        total.on_hand += row.on_hand
        total.reserved += row.reserved
        total.value += row.value
        if row.on_hand:
            products[key].add(row.product.id)
        total.products = len(products[key])
    out = list(merged.values())
    if by == "warehouse":
        out.sort(key=lambda r: r.warehouse.code)
    return out


COLUMNS = {
    "batch": [Column("warehouse_name", N_("Warehouse")), Column("sku", N_("SKU")),
              Column("product_name", N_("Product")), Column("batch_no", N_("Batch")),
              Column("expiry_date", N_("Expiry date"), "date"), Column("unit", N_("Unit")),
              Column("on_hand", N_("On hand"), "qty"), Column("reserved", N_("Reserved"), "qty"),
              Column("available", N_("Available"), "qty"), Column("unit_cost", N_("Unit cost"), "price", cost=True),
              Column("value", N_("Value"), "money", cost=True)],
    "product": [Column("sku", N_("SKU")), Column("product_name", N_("Product")), Column("unit", N_("Unit")),
                Column("on_hand", N_("On hand"), "qty"), Column("reserved", N_("Reserved"), "qty"),
                Column("available", N_("Available"), "qty"), Column("value", N_("Value"), "money", cost=True)],
    "warehouse": [Column("warehouse_name", N_("Warehouse")), Column("products", N_("Products in stock"), "int"),
                  Column("value", N_("Value"), "money", cost=True)],
}


def balance_table(rows: list[BalanceRow], by: str) -> ReportTable:
    total = sum((r.value for r in rows), ZERO_MONEY)
    return ReportTable(f"stock-balance-{by}", N_("Stock balance"), COLUMNS[by], rows, {"value": total})
