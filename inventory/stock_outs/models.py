"""Other stock-out (其他出库单): goods leaving without a sale — internal use, samples,
gifts, losses. Lines go out at the moving average cost."""
from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from erp.db import Base, EnumString, Money
from erp.documents.base import Document, DocumentLine
from erp.errors import N_
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS
from inventory.stock.lines import StockLineMixin

register_doc_type("stock_out", "QTCK")


class StockOutReason(StrEnum):
    INTERNAL_USE = "internal_use"  # 领用
    SAMPLE = "sample"  # 样品
    GIFT = "gift"  # 赠送
    LOSS = "loss"  # 损耗
    OTHER = "other"


STOCK_OUT_REASONS = {
    StockOutReason.INTERNAL_USE: N_("Internal use"),
    StockOutReason.SAMPLE: N_("Sample"),
    StockOutReason.GIFT: N_("Gift"),
    StockOutReason.LOSS: N_("Loss"),
    StockOutReason.OTHER: N_("Other"),
}


class StockOut(Base, Document):
    __tablename__ = "stock_outs"
    __doc_type__ = "stock_out"
    __doc_label__ = ("其他出库单", "Stock-out")
    __view_endpoint__ = "inventory.stock_out_detail"
    TRANSITIONS = STOCK_TRANSITIONS

    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    reason: Mapped[StockOutReason] = mapped_column(EnumString(StockOutReason, 20))

    warehouse = relationship("Warehouse")
    lines: Mapped[list[StockOutLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="StockOutLine.line_no", lazy="selectin",
    )


class StockOutLine(Base, DocumentLine, StockLineMixin):
    __tablename__ = "stock_out_lines"
    __audit_parent__ = ("stock_out", "document_id")
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
    )
    PROGRESS_FIELDS = frozenset({"cost_value"})

    document_id: Mapped[int] = mapped_column(ForeignKey("stock_outs.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    #: The value that left (set at approval).
    cost_value: Mapped[Decimal | None] = mapped_column(Money())

    document: Mapped[StockOut] = relationship(back_populates="lines")
    batch = relationship("Batch")
