"""Reading stock. Every lookup reads the balance rows (a handful per product and
warehouse), never the ledger, so it costs the same with ten moves or ten million.
Lists show only the warehouses the user may see."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, case, func, literal, or_, select
from sqlalchemy.orm import Session

from erp import clock
from erp.api.framework import search_filter
from erp.auth.models import User
from erp.auth.services import visible_warehouse_ids
from erp.db import Qty
from erp.errors import N_, NotFound
from erp.products.models import Product
from inventory.batches.models import Batch, BatchStatus
from inventory.stock.models import StockBalance, StockCost, StockMove, StockReservation

ZERO = Decimal("0.0000")
#: A zero bound as a quantity (a plain Decimal literal would be a float on SQLite).
NOTHING = literal(ZERO, Qty())


@dataclass
class StockLevel:
    """Quantities in the base unit. ``available`` = on hand − reserved; ``sellable`` is
    the part of it in batches that are active and not expired on the day asked."""

    warehouse_id: int | None
    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO
    sellable: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved

    def add(self, other: StockLevel) -> None:
        self.on_hand += other.on_hand
        self.reserved += other.reserved
        self.sellable += other.sellable


@dataclass
class ProductStock:
    product_id: int
    total: StockLevel
    warehouses: list[StockLevel] = field(default_factory=list)


def _sellable_condition(on: dt.date):
    return or_(StockBalance.batch_id.is_(None),
               (Batch.status == BatchStatus.ACTIVE) & (or_(Batch.expiry_date.is_(None), Batch.expiry_date >= on)))


def product_stock(session: Session, product_ids: list[int], *, warehouse_ids: list[int] | None = None,
                  actor: User | None = None, on_date: dt.date | None = None) -> list[ProductStock]:
    """Stock of each product per warehouse and in total (one grouped query over balances)."""
    on_date = on_date or clock.today()
    stmt = (
        select(StockBalance.product_id, StockBalance.warehouse_id,
               func.sum(StockBalance.on_hand), func.sum(StockBalance.reserved),
               func.sum(case((_sellable_condition(on_date), StockBalance.on_hand - StockBalance.reserved),
                             else_=NOTHING)))
        .outerjoin(Batch, Batch.id == StockBalance.batch_id)
        .where(StockBalance.product_id.in_(product_ids))
        .group_by(StockBalance.product_id, StockBalance.warehouse_id)
        .order_by(StockBalance.product_id, StockBalance.warehouse_id)
    )
    if warehouse_ids:
        stmt = stmt.where(StockBalance.warehouse_id.in_(warehouse_ids))
    allowed = visible_warehouse_ids(actor) if actor is not None else None
    if allowed is not None:
        stmt = stmt.where(StockBalance.warehouse_id.in_(allowed))
    out = {pid: ProductStock(pid, StockLevel(None)) for pid in dict.fromkeys(product_ids)}
    for product_id, warehouse_id, on_hand, reserved, sellable in session.execute(stmt):
        level = StockLevel(warehouse_id, on_hand or ZERO, reserved or ZERO, sellable or ZERO)
        out[product_id].warehouses.append(level)
        out[product_id].total.add(level)
    return list(out.values())


def stock_level(session: Session, product_id: int, warehouse_id: int | None = None,
                batch_id: int | None = None, *, on_date: dt.date | None = None) -> StockLevel:
    """On hand, reserved, available and sellable of a product — in one warehouse and/or
    batch, or in total."""
    on_date = on_date or clock.today()
    stmt = (select(func.sum(StockBalance.on_hand), func.sum(StockBalance.reserved),
                   func.sum(case((_sellable_condition(on_date), StockBalance.on_hand - StockBalance.reserved),
                                 else_=NOTHING)))
            .outerjoin(Batch, Batch.id == StockBalance.batch_id)
            .where(StockBalance.product_id == product_id))
    if warehouse_id is not None:
        stmt = stmt.where(StockBalance.warehouse_id == warehouse_id)
    if batch_id is not None:
        stmt = stmt.where(StockBalance.batch_id == batch_id)
    on_hand, reserved, sellable = session.execute(stmt).one()
    return StockLevel(warehouse_id, on_hand or ZERO, reserved or ZERO, sellable or ZERO)


def _visible(stmt, column, actor: User | None):
    allowed = visible_warehouse_ids(actor) if actor is not None else None
    return stmt.where(column.in_(allowed)) if allowed is not None else stmt


def query_balances(actor: User | None, *, product_id: int | None = None, warehouse_id: int | None = None,
                   batch_id: int | None = None, q: str | None = None, include_empty: bool = False,
                   available_only: bool = False) -> Select:
    """Balance rows (product × warehouse × batch), earliest expiry first."""
    stmt = (select(StockBalance).join(Product, Product.id == StockBalance.product_id)
            .outerjoin(Batch, Batch.id == StockBalance.batch_id)
            .order_by(Product.sku, StockBalance.warehouse_id, Batch.expiry_date.is_(None), Batch.expiry_date,
                      StockBalance.id)
            .execution_options(populate_existing=True))
    if product_id:
        stmt = stmt.where(StockBalance.product_id == product_id)
    if warehouse_id:
        stmt = stmt.where(StockBalance.warehouse_id == warehouse_id)
    if batch_id:
        stmt = stmt.where(StockBalance.batch_id == batch_id)
    cond = search_filter([Product.sku, Product.name, Product.barcode, Batch.batch_no], q)
    if cond is not None:
        stmt = stmt.where(cond)
    if available_only:
        stmt = stmt.where(StockBalance.on_hand - StockBalance.reserved > ZERO)
    elif not include_empty:
        stmt = stmt.where(or_(StockBalance.on_hand != ZERO, StockBalance.reserved != ZERO))
    return _visible(stmt, StockBalance.warehouse_id, actor)


def query_moves(actor: User | None, *, product_id: int | None = None, warehouse_id: int | None = None,
                batch_id: int | None = None, source_type: str | None = None, source_id: int | None = None,
                date_from: dt.date | None = None, date_to: dt.date | None = None) -> Select:
    """The ledger, newest first."""
    stmt = select(StockMove).order_by(StockMove.id.desc())
    for column, value in ((StockMove.product_id, product_id), (StockMove.warehouse_id, warehouse_id),
                          (StockMove.batch_id, batch_id), (StockMove.source_type, source_type),
                          (StockMove.source_id, source_id)):
        if value:
            stmt = stmt.where(column == value)
    if date_from:
        stmt = stmt.where(StockMove.posting_date >= date_from)
    if date_to:
        stmt = stmt.where(StockMove.posting_date <= date_to)
    return _visible(stmt, StockMove.warehouse_id, actor)


def get_move(session: Session, actor: User | None, move_id: int) -> StockMove:
    move = session.get(StockMove, move_id)
    allowed = visible_warehouse_ids(actor) if actor is not None else None
    if move is None or (allowed is not None and move.warehouse_id not in allowed):
        raise NotFound(N_("Stock move not found."))
    return move


def query_costs(actor: User | None, *, product_id: int | None = None, warehouse_id: int | None = None,
                q: str | None = None) -> Select:
    """Moving-average cost rows (quantity, value, unit cost per product and warehouse)."""
    stmt = (select(StockCost).join(Product, Product.id == StockCost.product_id)
            .order_by(Product.sku, StockCost.warehouse_id).execution_options(populate_existing=True))
    if product_id:
        stmt = stmt.where(StockCost.product_id == product_id)
    if warehouse_id:
        stmt = stmt.where(StockCost.warehouse_id == warehouse_id)
    cond = search_filter([Product.sku, Product.name], q)
    if cond is not None:
        stmt = stmt.where(cond)
    return _visible(stmt, StockCost.warehouse_id, actor)


def query_reservations(actor: User | None, *, product_id: int | None = None, warehouse_id: int | None = None,
                       source_type: str | None = None, source_id: int | None = None) -> Select:
    stmt = select(StockReservation).order_by(StockReservation.id).execution_options(populate_existing=True)
    for column, value in ((StockReservation.product_id, product_id), (StockReservation.warehouse_id, warehouse_id),
                          (StockReservation.source_type, source_type), (StockReservation.source_id, source_id)):
        if value:
            stmt = stmt.where(column == value)
    return _visible(stmt, StockReservation.warehouse_id, actor)


def query_product_totals(actor: User | None, *, q: str | None = None, warehouse_id: int | None = None) -> Select:
    """``(Product, on_hand, reserved)`` per product with a balance, summed over the
    warehouses the user sees (or one), by SKU; ``q`` matches SKU, name, barcode or batch."""
    stmt = (select(Product, func.sum(StockBalance.on_hand).label("on_hand"),
                   func.sum(StockBalance.reserved).label("reserved"))
            .join(StockBalance, StockBalance.product_id == Product.id)
            .outerjoin(Batch, Batch.id == StockBalance.batch_id)
            .group_by(Product.id).order_by(Product.sku))
    if warehouse_id:
        stmt = stmt.where(StockBalance.warehouse_id == warehouse_id)
    cond = search_filter([Product.sku, Product.name, Product.barcode, Product.spec, Batch.batch_no], q)
    if cond is not None:
        stmt = stmt.where(cond)
    return _visible(stmt, StockBalance.warehouse_id, actor)
