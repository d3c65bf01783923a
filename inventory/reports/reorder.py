"""Products at or below their reorder point (低于再订货点): what is available now
(on hand − reserved, over the warehouses in scope) against ``Product.reorder_point``,
with what is already on order (在途: purchase orders not yet received, as the package
that keeps them registers with :func:`register_on_order`) and the quantity that, with
it, brings the product back to ``Product.max_stock``."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.errors import N_
from erp.products.models import Product
from erp.products.rows import ProductColumns
from inventory.reports.balances import product_filter, warehouse_scope
from inventory.reports.export import Column, ReportTable
from inventory.stock.models import StockBalance

Q0 = Decimal("0.0000")

#: ``(session, product_ids, warehouse_ids or None for all) -> {product_id: base qty}``:
#: quantities on order, registered by purchasing (inventory cannot import it).
OnOrderQuery = Callable[[Session, list[int], list[int] | None], dict[int, Decimal]]
ON_ORDER_QUERIES: list[OnOrderQuery] = []


def register_on_order(query: OnOrderQuery) -> OnOrderQuery:
    if query not in ON_ORDER_QUERIES:
        ON_ORDER_QUERIES.append(query)
    return query


def on_order(session: Session, product_ids: list[int], warehouse_ids: list[int] | None) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for query in ON_ORDER_QUERIES:
        for product_id, qty in query(session, product_ids, warehouse_ids).items():
            out[product_id] = out.get(product_id, Q0) + qty
    return out


@dataclass
class ReorderRow(ProductColumns):
    product: Product
    on_hand: Decimal
    reserved: Decimal
    on_order: Decimal = Q0

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    @property
    def reorder_point(self) -> Decimal:
        return self.product.reorder_point

    @property
    def max_stock(self) -> Decimal | None:
        return self.product.max_stock

    @property
    def suggested(self) -> Decimal:
        """Up to the maximum stock (or the reorder point without one), less what is on
        order already; never negative."""
        target = self.product.max_stock if self.product.max_stock is not None else self.product.reorder_point
        return max(target - self.available - self.on_order, Q0)

    @property
    def suggested_cases(self) -> Decimal | None:
        """The suggestion in whole cases (rounded up), when the product has a case."""
        case = self.product.case_packing
        if case is None or not self.suggested:
            return None
        return (self.suggested / case.factor).to_integral_value(rounding=ROUND_CEILING)

    @property
    def case_unit(self) -> str | None:
        case = self.product.case_packing
        return case.unit.name if case else None

    @property
    def supplier(self) -> str | None:
        supplier = self.product.preferred_supplier
        return supplier.name if supplier else None


def below_reorder_point(session: Session, actor: User | None, *, warehouse_id: int | None = None,
                        category_id: int | None = None, q: str | None = None) -> list[ReorderRow]:
    """Active products with a reorder point whose available stock is at or below it, with
    what is on order for the warehouses in scope."""
    warehouses = warehouse_scope(actor, warehouse_id)
    stock = select(StockBalance.product_id, func.sum(StockBalance.on_hand).label("on_hand"),
                   func.sum(StockBalance.reserved).label("reserved")).group_by(StockBalance.product_id)
    if warehouses is not None:
        stock = stock.where(StockBalance.warehouse_id.in_(warehouses))
    stock = stock.subquery()
    stmt = (select(Product, stock.c.on_hand, stock.c.reserved).outerjoin(stock, stock.c.product_id == Product.id)
            .where(Product.active.is_(True), Product.reorder_point.is_not(None)).order_by(Product.sku))
    stmt = product_filter(session, stmt, category_id=category_id, q=q)
    rows = []
    for product, on_hand, reserved in session.execute(stmt):
        row = ReorderRow(product, on_hand or Q0, reserved or Q0)
        if row.available <= product.reorder_point:
            rows.append(row)
    coming = on_order(session, [row.product.id for row in rows], warehouses)
    for row in rows:
        row.on_order = coming.get(row.product.id, Q0)
    return rows


COLUMNS = [
    Column("sku", N_("SKU")), Column("product_name", N_("Product")), Column("unit", N_("Unit")),
    Column("on_hand", N_("On hand"), "qty"), Column("reserved", N_("Reserved"), "qty"),
    Column("available", N_("Available"), "qty"), Column("on_order", N_("On order"), "qty"),
    Column("reorder_point", N_("Reorder point"), "qty"),
    Column("max_stock", N_("Maximum stock"), "qty"), Column("suggested", N_("Suggested order"), "qty"),
    Column("suggested_cases", N_("Suggested cases"), "qty"), Column("case_unit", N_("Case unit")),
    Column("supplier", N_("Preferred supplier")),
]


def reorder_table(rows: list[ReorderRow]) -> ReportTable:
    return ReportTable("reorder", N_("Below reorder point"), COLUMNS, rows)
