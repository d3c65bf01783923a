"""Scrap (报废单): goods destroyed — expired, damaged, spoiled. Warehouse staff enter
it; a manager approves it (``scrap.approve``, by default the sales manager). Every
line names its batch (one scraps particular goods, not the earliest expiring)."""
from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from erp.db import Base, EnumString, Money
from erp.documents.base import Document, DocumentLine
from erp.errors import N_
from erp.money import round_fen
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS
from inventory.stock.lines import StockLineMixin
from inventory.stock.models import StockCost

register_doc_type("scrap", "BF")


class ScrapReason(StrEnum):
    EXPIRED = "expired"  # 过期
    DAMAGED = "damaged"  # 破损
    QUALITY = "quality"  # 质量问题
    OTHER = "other"


SCRAP_REASONS = {
    ScrapReason.EXPIRED: N_("Expired"),
    ScrapReason.DAMAGED: N_("Damaged"),
    ScrapReason.QUALITY: N_("Quality problem"),
    ScrapReason.OTHER: N_("Other"),
}


class Scrap(Base, Document):
    __tablename__ = "scraps"
    __doc_type__ = "scrap"
    __doc_label__ = ("报废单", "Scrap")
    __view_endpoint__ = "inventory.scrap_detail"
    TRANSITIONS = STOCK_TRANSITIONS

    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    reason: Mapped[ScrapReason] = mapped_column(EnumString(ScrapReason, 20))

    warehouse = relationship("Warehouse")
    lines: Mapped[list[ScrapLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ScrapLine.line_no", lazy="selectin",
    )

    def approval_amount(self) -> Decimal:
        return self.total_value

    @property
    def total_value(self) -> Decimal:
        """The value lost: the lines' cost once posted, before that an estimate at the
        current moving average (approval rules by amount compare with it)."""
        session = object_session(self)
        total = Decimal("0.00")
        for line in self.lines:
            if line.cost_value is not None:
                total += line.cost_value
            elif session is not None:
                with session.no_autoflush:  # called while the approval engine builds its rows
                    unit_cost = session.scalar(select(StockCost.unit_cost).where(
                        StockCost.product_id == line.product_id, StockCost.warehouse_id == self.warehouse_id))
                total += round_fen(line.qty_base * (unit_cost or 0))
        return total


class ScrapLine(Base, DocumentLine, StockLineMixin):
    __tablename__ = "scrap_lines"
    __audit_parent__ = ("scrap", "document_id")
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
    )
    PROGRESS_FIELDS = frozenset({"cost_value"})

    document_id: Mapped[int] = mapped_column(ForeignKey("scraps.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    cost_value: Mapped[Decimal | None] = mapped_column(Money())

    document: Mapped[Scrap] = relationship(back_populates="lines")
    batch = relationship("Batch")
