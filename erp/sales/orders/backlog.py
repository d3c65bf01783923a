"""Orders waiting to be delivered (待发货明细): every line of an approved order with a
quantity not yet on a delivery note, the earliest promised first, with the stock the
order's warehouse has available for it — the order service's worklist (which note to
make next) and the warehouse's outlook (what is short).

"Not yet on a delivery note" is what the order's page shows as to deliver: drafts count
as taken, a closed note only with what it shipped. Available is on hand − reserved in the
order's warehouse, across its batches; ``short`` is what it lacks for this line alone.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, literal, nulls_last, or_, select
from sqlalchemy.orm import Session, selectinload

from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.services import check_warehouse_access, require, visible_warehouse_ids
from erp.customers.models import Customer
from erp.db import Qty
from erp.documents.base import DocState
from erp.errors import N_
from erp.products.rows import ProductColumns
from erp.sales.chain import taken_per_origin
from erp.sales.delivery.models import DeliveryNote, DeliveryNoteLine
from erp.sales.orders.models import SalesOrder, SalesOrderLine
from erp.sales.permissions import SALES_ORDER_VIEW
from inventory.reports.export import Column, ReportTable
from inventory.stock.queries import product_stock

ZERO = Decimal("0.0000")
#: At most this many lines (the oldest promised first); a filter narrows the rest down.
LIMIT = 1000


@dataclass
class BacklogRow(ProductColumns):
    line: SalesOrderLine
    #: Base quantity not yet on a delivery note.
    to_deliver: Decimal
    #: On hand − reserved in the order's warehouse (base unit).
    available: Decimal

    @property
    def order(self) -> SalesOrder:
        return self.line.document

    @property
    def product(self):
        return self.line.product

    @property
    def order_id(self) -> int:
        return self.order.id

    @property
    def order_number(self) -> str:
        return self.order.label

    @property
    def customer(self) -> str:
        return self.order.customer.name

    @property
    def warehouse(self) -> str:
        return self.order.warehouse.name

    @property
    def delivery_date(self) -> dt.date | None:
        return self.order.delivery_date

    @property
    def ordered(self) -> Decimal:
        return self.line.qty_base

    @property
    def delivered(self) -> Decimal:
        return self.line.qty_delivered

    @property
    def short(self) -> Decimal:
        return max(self.to_deliver - max(self.available, ZERO), ZERO)


def undelivered_lines(session: Session, actor: User, *, warehouse_id: int | None = None,
                      customer_id: int | None = None, due_by: dt.date | None = None,
                      q: str | None = None) -> list[BacklogRow]:
    """The lines of approved orders in the warehouses the actor sees (or ``warehouse_id``)
    with something left to deliver; ``due_by`` keeps orders promised by then (and those
    without a date), ``q`` an order number or a customer's code or name."""
    require(actor, SALES_ORDER_VIEW)
    if warehouse_id:
        check_warehouse_access(actor, warehouse_id)
    nothing = literal(ZERO, Qty())
    noted = taken_per_origin(DeliveryNoteLine, DeliveryNote, DeliveryNoteLine.origin_line_id,
                             net_of="qty_closed").subquery()
    taken = func.coalesce(noted.c.qty, nothing)
    stmt = (select(SalesOrderLine, taken)
            .join(SalesOrder, SalesOrder.id == SalesOrderLine.document_id)
            .outerjoin(noted, noted.c.origin_id == SalesOrderLine.id)
            .where(SalesOrder.state == DocState.APPROVED, SalesOrderLine.qty_base > taken)
            .options(selectinload(SalesOrderLine.document).selectinload(SalesOrder.customer),
                     selectinload(SalesOrderLine.document).selectinload(SalesOrder.warehouse),
                     selectinload(SalesOrderLine.product))
            .order_by(nulls_last(SalesOrder.delivery_date.asc()), SalesOrder.doc_date, SalesOrder.id,
                      SalesOrderLine.line_no)
            .limit(LIMIT))
    if warehouse_id:
        stmt = stmt.where(SalesOrder.warehouse_id == warehouse_id)
    visible = visible_warehouse_ids(actor)
    if visible is not None:
        stmt = stmt.where(SalesOrder.warehouse_id.in_(sorted(visible)))
    if customer_id:
        stmt = stmt.where(SalesOrder.customer_id == customer_id)
    if due_by:
        stmt = stmt.where(or_(SalesOrder.delivery_date.is_(None), SalesOrder.delivery_date <= due_by))
    if q:
        customers = select(Customer.id).where(search_filter((Customer.code, Customer.name), q))
        stmt = stmt.where(or_(SalesOrder.number.contains(q), SalesOrder.customer_id.in_(customers)))
    found = session.execute(stmt).all()
    stock = _available(session, {(line.product_id, line.document.warehouse_id) for line, _taken in found})
    return [BacklogRow(line, line.qty_base - taken_qty, stock.get((line.product_id, line.document.warehouse_id), ZERO))
            for line, taken_qty in found]


def _available(session: Session, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Decimal]:
    """On hand − reserved per (product, warehouse)."""
    if not pairs:
        return {}
    stock = product_stock(session, sorted({p for p, _w in pairs}), warehouse_ids=sorted({w for _p, w in pairs}))
    return {(s.product_id, level.warehouse_id): level.available for s in stock for level in s.warehouses}


COLUMNS = [
    Column("order_number", N_("Sales order")), Column("delivery_date", N_("Delivery date"), "date"),
    Column("customer", N_("Customer")), Column("warehouse", N_("Warehouse")),
    Column("sku", N_("SKU")), Column("product_name", N_("Product")), Column("unit", N_("Unit")),
    Column("ordered", N_("Ordered qty"), "qty"), Column("delivered", N_("Delivered qty"), "qty"),
    Column("to_deliver", N_("To deliver"), "qty"), Column("available", N_("Available"), "qty"),
    Column("short", N_("Short"), "qty"),
]


def backlog_table(rows: list[BacklogRow]) -> ReportTable:
    return ReportTable("orders-to-deliver", N_("Orders to deliver"), COLUMNS, rows)
