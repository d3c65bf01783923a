"""Stocktake (盘点单): count the goods of a warehouse — all of it, a product category or a
range of bin locations — and post the differences (盘盈/盘亏) through the ledger.

Opening the count takes a snapshot of the book quantities per batch (``book_qty``).
The warehouse keeps working while the count is open: every count entry also records
the book quantity of that batch at that moment (``book_qty_at_count``, read under the
product's stock lock), so the variance is ``counted − book at the time of counting``
and moves posted since the snapshot are accounted for, not counted as differences.
Approval posts each variance at the moving average cost.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, Money, Qty, utcnow
from erp.documents.base import Document, DocumentLine
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS

register_doc_type("stocktake", "PD")


class Stocktake(Base, Document):
    __tablename__ = "stocktakes"
    __doc_type__ = "stocktake"
    __doc_label__ = ("盘点单", "Stocktake")
    __view_endpoint__ = "inventory.stocktake_detail"
    TRANSITIONS = STOCK_TRANSITIONS

    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    #: The scope: a product category (with its sub-categories) and/or a range of bin
    #: locations (``Product.location``, the upper bound includes everything it prefixes).
    category_id: Mapped[int | None] = mapped_column(ForeignKey("product_categories.id"))
    location_from: Mapped[str | None] = mapped_column(String(30))
    location_to: Mapped[str | None] = mapped_column(String(30))
    #: When the book quantities were taken.
    snapshot_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    warehouse = relationship("Warehouse")
    category = relationship("ProductCategory")
    lines: Mapped[list[StocktakeLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="StocktakeLine.line_no", lazy="selectin",
    )

    @property
    def uncounted(self) -> int:
        return sum(1 for line in self.lines if line.counted_qty is None)

    def approval_amount(self) -> Decimal:
        """Rules compare with the value of the adjustments, gains and losses alike."""
        from inventory.stocktakes.variances import adjustment_amount

        return adjustment_amount(self)


class StocktakeLine(Base, DocumentLine):
    """One product and batch to count: its book quantity at the snapshot, what was
    counted, and the book quantity when it was counted (base unit)."""

    __tablename__ = "stocktake_lines"
    __audit_parent__ = ("stocktake", "document_id")
    __table_args__ = (
        UniqueConstraint("document_id", "product_id", "batch_key", name="uq_stocktake_lines_batch"),
        CheckConstraint("batch_key = COALESCE(batch_id, 0)", name="batch_key_matches"),
        CheckConstraint("counted_qty IS NULL OR counted_qty >= 0", name="counted_not_negative"),
        CheckConstraint("(counted_qty IS NULL) = (book_qty_at_count IS NULL)", name="counted_with_book"),
    )
    #: The value posted by approval (signed: a gain is positive).
    PROGRESS_FIELDS = frozenset({"posted_value"})

    document_id: Mapped[int] = mapped_column(ForeignKey("stocktakes.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))
    batch_key: Mapped[int] = mapped_column(default=0)
    #: The product's bin location when the line was made (the count walks in this order).
    location: Mapped[str | None] = mapped_column(String(30))
    book_qty: Mapped[Decimal] = mapped_column(Qty())
    counted_qty: Mapped[Decimal | None] = mapped_column(Qty())
    book_qty_at_count: Mapped[Decimal | None] = mapped_column(Qty())
    counted_at: Mapped[dt.datetime | None]
    counted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    posted_value: Mapped[Decimal | None] = mapped_column(Money())

    document: Mapped[Stocktake] = relationship(back_populates="lines")
    product = relationship("Product")
    batch = relationship("Batch")
    counted_by = relationship("User")

    @property
    def counted(self) -> bool:
        return self.counted_qty is not None

    @property
    def variance(self) -> Decimal | None:
        """盘盈 (> 0) or 盘亏 (< 0): counted − book at the time of counting."""
        return None if self.counted_qty is None else self.counted_qty - self.book_qty_at_count

    @property
    def moved_since_snapshot(self) -> Decimal | None:
        """What moves posted between the snapshot and the count changed on the book."""
        return None if self.book_qty_at_count is None else self.book_qty_at_count - self.book_qty
