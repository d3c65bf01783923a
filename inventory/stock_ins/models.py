"""Other stock-in (其他入库单): goods received without a purchase — opening balances
(期初), found stock, returned samples, gifts. Each line carries its unit cost; lines
of batch-tracked products name an existing batch or a new batch number with its
dates (the batch is made at approval)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, EnumString, Money, Price
from erp.documents.base import Document, DocumentLine
from erp.errors import N_
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS
from inventory.stock.lines import StockLineMixin

register_doc_type("stock_in", "QTRK")


class StockInReason(StrEnum):
    OPENING = "opening"  # 期初
    FOUND = "found"  # 盘点外发现
    SAMPLE_RETURN = "sample_return"  # 样品归还
    GIFT = "gift"  # 赠品入库
    OTHER = "other"


STOCK_IN_REASONS = {
    StockInReason.OPENING: N_("Opening stock"),
    StockInReason.FOUND: N_("Stock found"),
    StockInReason.SAMPLE_RETURN: N_("Sample returned"),
    StockInReason.GIFT: N_("Gift received"),
    StockInReason.OTHER: N_("Other"),
}


class StockIn(Base, Document):
    __tablename__ = "stock_ins"
    __doc_type__ = "stock_in"
    __doc_label__ = ("其他入库单", "Stock-in")
    __view_endpoint__ = "inventory.stock_in_detail"
    TRANSITIONS = STOCK_TRANSITIONS

    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    reason: Mapped[StockInReason] = mapped_column(EnumString(StockInReason, 20))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"), index=True)

    warehouse = relationship("Warehouse")
    supplier = relationship("Supplier")
    lines: Mapped[list[StockInLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="StockInLine.line_no", lazy="selectin",
    )

    @property
    def total_amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def approval_amount(self) -> Decimal:
        return self.total_amount


class StockInLine(Base, DocumentLine, StockLineMixin):
    __tablename__ = "stock_in_lines"
    __audit_parent__ = ("stock_in", "document_id")
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )
    #: A new batch is made at approval and linked then.
    PROGRESS_FIELDS = frozenset({"batch_id"})

    document_id: Mapped[int] = mapped_column(ForeignKey("stock_ins.id", ondelete="CASCADE"), index=True)
    #: Cost per unit of the line (``unit``), and the line's value: qty × unit_cost to the fen.
    unit_cost: Mapped[Decimal] = mapped_column(Price())
    amount: Mapped[Decimal] = mapped_column(Money())
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    batch_no: Mapped[str | None] = mapped_column(String(40))
    production_date: Mapped[dt.date | None]
    expiry_date: Mapped[dt.date | None]

    document: Mapped[StockIn] = relationship(back_populates="lines")
    batch = relationship("Batch")
