"""Transfer (调拨单) between two warehouses. Approving it ships the goods: they leave the
source warehouse at its moving average cost and are in transit (state ``approved``);
receiving puts them into the destination warehouse carrying exactly the value they
left with (state ``closed``)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from erp.db import Base, Money
from erp.documents.base import A, C, DocState, Document, DocumentLine, T
from erp.errors import N_
from erp.numbering.services import register_doc_type
from inventory.documents import STOCK_TRANSITIONS
from inventory.stock.lines import StockLineMixin

register_doc_type("transfer", "DB")

TRANSFER_TRANSITIONS = {
    **STOCK_TRANSITIONS,
    "receive": T({A}, C, "receive"),  # 调入: the goods arrive
    "unreceive": T({C}, A, "receive"),  # 取消调入: back in transit
}

TRANSIT_LABELS = {"draft": N_("Not shipped"), "in_transit": N_("In transit"), "received": N_("Arrived"),
                  "cancelled": N_("Cancelled")}


class Transfer(Base, Document):
    __tablename__ = "transfers"
    __doc_type__ = "transfer"
    __doc_label__ = ("调拨单", "Transfer")
    __view_endpoint__ = "inventory.transfer_detail"
    __table_args__ = (CheckConstraint("from_warehouse_id <> to_warehouse_id", name="two_warehouses"),)
    TRANSITIONS = TRANSFER_TRANSITIONS
    MUTABLE_FIELDS = frozenset({"received_on", "received_at", "received_by_id"})

    from_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    to_warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    #: The day the goods arrived (the receipt moves are dated so).
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    received_at: Mapped[dt.datetime | None]

    @declared_attr
    def received_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    from_warehouse = relationship("Warehouse", foreign_keys=[from_warehouse_id])
    to_warehouse = relationship("Warehouse", foreign_keys=[to_warehouse_id])
    lines: Mapped[list[TransferLine]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="TransferLine.line_no", lazy="selectin",
    )

    @property
    def transit_status(self) -> str:
        """``draft`` (not shipped), ``in_transit``, ``received`` or ``cancelled``."""
        return {DocState.APPROVED: "in_transit", DocState.CLOSED: "received",
                DocState.CANCELLED: "cancelled"}.get(self.state, "draft")


class TransferLine(Base, DocumentLine, StockLineMixin):
    __tablename__ = "transfer_lines"
    __audit_parent__ = ("transfer", "document_id")
    __table_args__ = (
        CheckConstraint("qty > 0", name="qty_positive"),
        CheckConstraint("qty_base > 0", name="qty_base_positive"),
    )
    PROGRESS_FIELDS = frozenset({"cost_value"})

    document_id: Mapped[int] = mapped_column(ForeignKey("transfers.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    #: The value that left the source warehouse and arrives in the destination.
    cost_value: Mapped[Decimal | None] = mapped_column(Money())

    document: Mapped[Transfer] = relationship(back_populates="lines")
    batch = relationship("Batch")
