"""The stock ledger (库存流水), balances (现存量), moving-average costs and reservations.

Moves are append-only (the database refuses UPDATE and DELETE on them); a
balance row per (product, warehouse, batch) and a cost row per (product,
warehouse) are kept equal to the sums of the moves, in the same transaction, by
:mod:`inventory.stock.ledger` alone. ``erp check`` verifies it.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, Money, Price, Qty, utcnow

ZERO_QTY = Decimal("0.0000")
ZERO_MONEY = Decimal("0.00")

#: Balances and reservations of products without batches use batch_key 0 (a NULL batch
#: cannot take part in a unique key on every backend).
NO_BATCH = 0


def batch_key(batch_id: int | None) -> int:
    return batch_id or NO_BATCH


class StockMove(Base):
    """One line of the ledger: a signed quantity in the product's base unit (+ in, − out)
    at a unit cost, with its value stored (never computed in SQL). A reversal is a new
    move pointing at the move it reverses; a move is reversed at most once."""

    __tablename__ = "stock_moves"
    __audit__ = False  # the ledger is itself the record
    __table_args__ = (
        CheckConstraint("qty <> 0", name="qty_not_zero"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint("(qty > 0 AND value >= 0) OR (qty < 0 AND value <= 0)", name="value_sign"),
        Index("ix_stock_moves_product_warehouse", "product_id", "warehouse_id", "id"),
        Index("ix_stock_moves_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    qty: Mapped[Decimal] = mapped_column(Qty())
    unit_cost: Mapped[Decimal] = mapped_column(Price())
    value: Mapped[Decimal] = mapped_column(Money())
    posting_date: Mapped[dt.date] = mapped_column(Date, index=True)
    posted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The document that moved the stock: its doc_type, id, line id and number.
    source_type: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[int]
    source_line_id: Mapped[int | None]
    source_number: Mapped[str | None] = mapped_column(String(30))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("stock_moves.id"), unique=True)

    product = relationship("Product")
    warehouse = relationship("Warehouse")
    batch = relationship("Batch")


class StockBalance(Base):
    """What is on hand and reserved of one product in one warehouse and batch.
    Changed only by conditional UPDATEs in :mod:`inventory.stock.ledger` and
    :mod:`inventory.stock.reservations`."""

    __tablename__ = "stock_balances"
    __audit__ = False  # follows the ledger, which is the record
    __table_args__ = (
        UniqueConstraint("product_id", "warehouse_id", "batch_key"),
        CheckConstraint("batch_key = COALESCE(batch_id, 0)", name="batch_key_matches"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    batch_key: Mapped[int] = mapped_column(default=NO_BATCH)
    on_hand: Mapped[Decimal] = mapped_column(Qty(), default=ZERO_QTY)
    reserved: Mapped[Decimal] = mapped_column(Qty(), default=ZERO_QTY)

    product = relationship("Product")
    warehouse = relationship("Warehouse")
    batch = relationship("Batch")

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved


class StockCost(Base):
    """The moving weighted average cost (移动加权平均) of a product in a warehouse:
    ``qty`` and ``value`` are the sums of its moves, ``unit_cost`` the average after
    the last receipt. The row is also the lock every stock change of the product in
    the warehouse takes first (see :func:`inventory.stock.ledger.lock_stock`)."""

    __tablename__ = "stock_costs"
    __audit__ = False

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True, index=True)
    qty: Mapped[Decimal] = mapped_column(Qty(), default=ZERO_QTY)
    value: Mapped[Decimal] = mapped_column(Money(), default=ZERO_MONEY)
    unit_cost: Mapped[Decimal] = mapped_column(Price(), default=Decimal("0"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    product = relationship("Product")
    warehouse = relationship("Warehouse")


class StockReservation(Base):
    """Stock held for a document line (a delivery note line) until an outbound
    consumes it or the line releases it. ``StockBalance.reserved`` is their sum."""

    __tablename__ = "stock_reservations"
    __audit__ = False
    __table_args__ = (
        UniqueConstraint("source_type", "source_line_id", "product_id", "warehouse_id", "batch_key",
                         name="uq_stock_reservations_source_line"),
        CheckConstraint("batch_key = COALESCE(batch_id, 0)", name="batch_key_matches"),
        CheckConstraint("qty > 0", name="qty_positive"),
        Index("ix_stock_reservations_source", "source_type", "source_id"),
        Index("ix_stock_reservations_balance", "product_id", "warehouse_id", "batch_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))
    batch_key: Mapped[int] = mapped_column(default=NO_BATCH)
    qty: Mapped[Decimal] = mapped_column(Qty())
    source_type: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[int]
    source_line_id: Mapped[int]
    source_number: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    product = relationship("Product")
    warehouse = relationship("Warehouse")
    batch = relationship("Batch")
